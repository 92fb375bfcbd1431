// snippet.js: shows embed-snippet.html's snippet with this host's address,
// so that it can be copied as it is. (A file of its own, not an inline
// script: the pages run under a Content-Security-Policy without
// 'unsafe-inline'; see README.md.)
(function () {
	"use strict";
	var code = document.getElementById("snippet");
	code.textContent = code.textContent.replace('src="embed.html"', 'src="' + new URL("embed.html", location.href).href + '"');
})();
