//go:build js && wasm

package main

import (
	"errors"
	"fmt"
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
func openStore(key string) (*store, []byte, error) {
	idb := js.Global().Get("indexedDB")
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
			fn := js.FuncOf(func(js.Value, []js.Value) any { f(req); return nil })
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
	if err := catch(func() { req = idb.Call("open", dbName, dbVersion) }); err != nil {
		return nil, nil, fmt.Errorf("opening the browser's storage: %w", err)
	}
	db, err := wait(req, "opening the browser's storage", func(r js.Value) {
		d := r.Get("result")
		if !d.Get("objectStoreNames").Call("contains", dbStore).Bool() {
			d.Call("createObjectStore", dbStore)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	s := &store{db: db, key: key}
	var get js.Value
	if err := catch(func() {
		get = db.Call("transaction", dbStore, "readonly").Call("objectStore", dbStore).Call("get", key)
	}); err != nil {
		return s, nil, fmt.Errorf("reading the saved session: %w", err)
	}
	v, err := wait(get, "reading the saved session", nil)
	if err != nil || !v.Truthy() {
		return s, nil, err
	}
	if !v.InstanceOf(js.Global().Get("Uint8Array")) {
		return s, nil, errors.New("the saved session is not bytes")
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return s, b, nil
}

// put stores b as the session, and calls done (on the page's event loop)
// when the browser has written it, or failed to. commit asks the browser to
// write at once: when the page is going away.
func (s *store) put(b []byte, commit bool, done func(error)) {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	s.request("saving the session", commit, done, func(st js.Value) { st.Call("put", arr, s.key) })
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
	finish := func(err error) {
		for _, fn := range funcs {
			fn.Release()
		}
		done(err)
	}
	ok := js.FuncOf(func(js.Value, []js.Value) any { finish(nil); return nil })
	fail := js.FuncOf(func(js.Value, []js.Value) any {
		finish(jsError(what, tx.Get("error")))
		return nil
	})
	funcs = append(funcs, ok, fail)
	tx.Set("oncomplete", ok)
	tx.Set("onerror", fail)
	tx.Set("onabort", fail)
	if commit && tx.Get("commit").Type() == js.TypeFunction {
		tx.Call("commit")
	}
}

// catch runs f, turning a JavaScript exception into an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(js.Error); ok {
				err = errors.New(e.Get("message").String())
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	f()
	return nil
}

func jsError(what string, e js.Value) error {
	if e.Truthy() && e.Get("message").Truthy() {
		return fmt.Errorf("%s: %s", what, e.Get("message").String())
	}
	return errors.New(what + " failed")
}
