//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strings"
	"syscall/js"
	"time"
)

// The session (session.Session: the machines bit for bit, counters, settings,
// own digits) is kept in IndexedDB: a digits machine is 2.7 MB of float64,
// too much for localStorage's 5 MB once base64-encoded beside anything
// else, and IndexedDB stores the bytes as they are (a Uint8Array), without
// a size limit worth the name. One record per kind of page (the full page
// and embeds), in the store "sessions" of the database "wakesleep".
const (
	dbName    = "wakesleep"
	dbVersion = 1
	dbStore   = "sessions"
)

// store is the page's IndexedDB database. Its methods are asynchronous:
// they start a request and call back when it is done. They must not block,
// as they run in Update and in the page's event handlers.
type store struct {
	db  js.Value
	key string
}

// openStore opens the database and reads the saved session, waiting for
// both: call it before the game starts (it blocks). It returns a nil store
// if the browser keeps nothing (IndexedDB missing or refused, as in some
// private windows and sandboxed frames), and nil bytes if nothing was saved.
//
// Nothing here may stop the page: a browser that refuses storage throws
// where one would not expect it (reading window.indexedDB itself throws a
// SecurityError in a third-party frame with storage blocked), and a JavaScript
// exception that reached Go would end the program. Every call is wrapped in
// catch, including those in the callbacks the browser calls later.
func openStore(key string) (*store, []byte, error) {
	idb, err := getProp(js.Global(), "indexedDB")
	if err != nil {
		return nil, nil, fmt.Errorf("its storage is blocked here (%w)", err)
	}
	if !idb.Truthy() {
		return nil, nil, errors.New("this browser has no IndexedDB")
	}
	type result struct {
		v   js.Value
		err error
	}
	wait := func(req js.Value, what string, onUpgrade func(js.Value)) (js.Value, error) {
		ch := make(chan result, 1)
		send := func(r result) {
			select {
			case ch <- r: // the first answer counts
			default:
			}
		}
		var funcs []js.Func
		on := func(event string, f func(js.Value)) {
			fn := js.FuncOf(func(js.Value, []js.Value) any {
				if err := catch(func() { f(req) }); err != nil {
					send(result{err: fmt.Errorf("%s: %w", what, err)})
				}
				return nil
			})
			funcs = append(funcs, fn)
			req.Set(event, fn)
		}
		on("onsuccess", func(r js.Value) { send(result{v: r.Get("result")}) })
		on("onerror", func(r js.Value) { send(result{err: jsError(what, r.Get("error"))}) })
		on("onblocked", func(js.Value) { send(result{err: errors.New(what + ": blocked by another tab")}) })
		if onUpgrade != nil {
			on("onupgradeneeded", onUpgrade)
		}
		select {
		case r := <-ch:
			for _, f := range funcs {
				f.Release()
			}
			return r.v, r.err
		case <-time.After(3 * time.Second):
			// The callbacks stay: the browser may still call them.
			return js.Undefined(), errors.New(what + ": no answer in 3 s")
		}
	}
	var req js.Value
	if err := catch(func() {
		req = idb.Call("open", dbName, dbVersion)
		req.Get("readyState") // a fake or broken factory may return no request
	}); err != nil {
		return nil, nil, fmt.Errorf("opening the browser's storage: %w", err)
	}
	var db js.Value
	if e := catch(func() {
		db, err = wait(req, "opening the browser's storage", func(r js.Value) {
			d := r.Get("result")
			if !d.Get("objectStoreNames").Call("contains", dbStore).Bool() {
				d.Call("createObjectStore", dbStore)
			}
		})
	}); e != nil {
		err = fmt.Errorf("opening the browser's storage: %w", e)
	}
	if err != nil {
		return nil, nil, err
	}
	if db.Type() != js.TypeObject {
		return nil, nil, errors.New("opening the browser's storage: no database")
	}
	s := &store{db: db, key: key}
	var get js.Value
	if err := catch(func() {
		get = db.Call("transaction", dbStore, "readonly").Call("objectStore", dbStore).Call("get", key)
	}); err != nil {
		return s, nil, fmt.Errorf("reading the saved session: %w", err)
	}
	var v js.Value
	if e := catch(func() { v, err = wait(get, "reading the saved session", nil) }); e != nil {
		err = fmt.Errorf("reading the saved session: %w", e)
	}
	if err != nil || !v.Truthy() {
		return s, nil, err
	}
	var b []byte
	if e := catch(func() {
		if !v.InstanceOf(js.Global().Get("Uint8Array")) {
			err = errors.New("the saved session is not bytes")
			return
		}
		b = make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
	}); e != nil {
		err = fmt.Errorf("reading the saved session: %w", e)
	}
	if err != nil {
		return s, nil, err
	}
	return s, b, nil
}

// put stores b as the session, and calls done (on the page's event loop)
// when the browser has written it, or failed to. commit asks the browser to
// write at once: when the page is going away.
func (s *store) put(b []byte, commit bool, done func(error)) {
	s.request("saving the session", commit, done, func(st js.Value) {
		// A browser short of memory may refuse the copy too.
		arr := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(arr, b)
		st.Call("put", arr, s.key)
	})
}

// remove deletes the saved session.
func (s *store) remove(done func(error)) {
	s.request("forgetting the session", true, done, func(st js.Value) { st.Call("delete", s.key) })
}

func (s *store) request(what string, commit bool, done func(error), f func(js.Value)) {
	var tx js.Value
	if err := catch(func() {
		tx = s.db.Call("transaction", dbStore, "readwrite")
		f(tx.Call("objectStore", dbStore))
	}); err != nil {
		done(fmt.Errorf("%s: %w", what, err))
		return
	}
	var funcs []js.Func
	finished := false
	finish := func(err error) {
		// onerror and then onabort both fire for a failed write (a full
		// disk: QuotaExceededError): the first answer counts.
		if finished {
			return
		}
		finished = true
		// The browser would call the other handlers after the release:
		// take them off first.
		catch(func() {
			for _, h := range []string{"oncomplete", "onerror", "onabort"} {
				tx.Set(h, js.Null())
			}
		})
		for _, fn := range funcs {
			fn.Release()
		}
		done(err)
	}
	ok := js.FuncOf(func(js.Value, []js.Value) any { finish(nil); return nil })
	fail := js.FuncOf(func(js.Value, []js.Value) any {
		e, _ := getProp(tx, "error")
		finish(jsError(what, e))
		return nil
	})
	funcs = append(funcs, ok, fail)
	if err := catch(func() {
		tx.Set("oncomplete", ok)
		tx.Set("onerror", fail)
		tx.Set("onabort", fail)
		if commit && tx.Get("commit").Type() == js.TypeFunction {
			tx.Call("commit")
		}
	}); err != nil {
		finish(fmt.Errorf("%s: %w", what, err))
	}
}

// get reads a property that may throw (a getter such as window.indexedDB
// where storage is blocked). js.Value.Get does not catch what a getter
// throws: the exception would unwind through the Go program and end it.
// Reflect.get, being a call, is caught.
func getProp(v js.Value, name string) (js.Value, error) {
	var r js.Value
	err := catch(func() { r = js.Global().Get("Reflect").Call("get", v, name) })
	return r, err
}

// catch runs f, turning a JavaScript exception into an error. Only
// exceptions thrown in calls (Call, New, Invoke) reach Go: see getProp.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(js.Error); ok {
				err = errors.New(describe(e.Value))
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	f()
	return nil
}

// jsError describes a JavaScript error as an error.
func jsError(what string, e js.Value) error {
	if msg := describe(e); msg != "" {
		return fmt.Errorf("%s: %s", what, msg)
	}
	return errors.New(what + " failed")
}

// describe says what a thrown value is: for an Error or a DOMException,
// its name (such as QuotaExceededError or SecurityError, which say more
// than the message) and its message. It never throws.
func describe(e js.Value) string {
	switch e.Type() {
	case js.TypeString:
		return e.String()
	case js.TypeObject:
	default:
		return ""
	}
	str := func(name string) string {
		v, err := getProp(e, name)
		if err != nil || v.Type() != js.TypeString {
			return ""
		}
		return v.String()
	}
	name, msg := str("name"), str("message")
	switch {
	case name != "" && msg != "" && !strings.Contains(msg, name):
		return name + ": " + msg
	case msg != "":
		return msg
	default:
		return name
	}
}

// offerLink shows link in the page as selectable text, for a browser that
// refused the clipboard (no clipboard, permission refused, an insecure
// origin): the loader's showLink (web/loader.js) puts it in a text field,
// selected, that a reader can copy by hand or with a long press. Without
// the loader the canvas's banner, which says the link, is all there is.
func offerLink(link string) {
	l, err := getProp(js.Global(), "wakesleepLoader")
	if err != nil || l.Type() != js.TypeObject {
		return
	}
	if f, err := getProp(l, "showLink"); err == nil && f.Type() == js.TypeFunction {
		catch(func() { l.Call("showLink", link) })
	}
}
