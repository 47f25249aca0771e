"""The Python-written parts of JsProxy types (Pyodide's mixins).

The C core (jsproxy.c) makes one JsProxy subtype per set of capabilities of
the JS value (callable, length, get/set/has, iterable, ...), with the C
slots for them; ``mixins_for(flags)`` adds these classes as extra bases:
list methods for JS arrays, sequence methods for array-likes, mapping
methods for ``as_object_map()``, generator methods, async iteration, and the
text/file methods of buffers. Each has ``__slots__ = ()`` so it adds no
layout to the C type."""

import _pyxis_core

from .jsvalues import CONVERTS_IMPLICITLY

# JsProxy capability flags, from the C core's table (abi.h), by lower-case
# name. (This module imports nothing of _pyxis but jsvalues, which imports
# nothing of it: the C core may need it while _pyxis itself is being
# imported.)
_FLAG = {
    name[len("FLAG_"):].lower(): value
    for name, value in vars(_pyxis_core).items()
    if name.startswith("FLAG_")
}


def has_flags(*names):
    """A test of a JsProxy's flags: all of these capabilities. (Its `mask`:
    the flags every proxy that passes it has.)"""
    want = sum(_FLAG[n] for n in names)

    def test(flags):
        return flags & want == want

    test.mask = want
    return test


class JsProxyTypeMeta(type):
    """The metaclass of the JsProxy types made for each set of capabilities.
    A capability class of pyodide.ffi (JsPromise, JsArray, ...) counts as a
    subclass of such a type when each of its proxies has every capability of
    the type: issubclass(JsPromise, type(promise))."""

    def __subclasscheck__(cls, sub):
        if type.__subclasscheck__(cls, sub):
            return True
        implied = getattr(sub, "_js_implied_mask", None)
        mask = cls.__dict__.get("_js_type_mask")
        return (implied is not None and mask is not None and mask & ~implied == 0
                and type.__subclasscheck__(cls.__mro__[1], sub))


_js_functions = {}


def _js_function(params: str, body: str):
    """A JS function, made once (new Function(params, body))."""
    key = (params, body)
    if key not in _js_functions:
        _js_functions[key] = _pyxis_core.js_global().Function.new(*params.split(","), body)
    return _js_functions[key]


def _norm_slice(obj, key):
    return range(*key.indices(len(obj)))


class _Hidden:
    """A JS method hidden from Python: Array's keys() would make dict(arr)
    read an array as a mapping of its indices."""

    def __get__(self, obj, objtype=None):
        raise AttributeError("keys")


class JsIndexedMixin:
    """Read-only sequence methods of anything indexed (arrays, typed arrays
    and array-likes): slices, reversed(), index(), count()."""

    __slots__ = ()
    keys = _Hidden()

    def _slice_get(self, key):
        return _pyxis_core.js_global().Array.from_([self[i] for i in _norm_slice(self, key)])

    def __reversed__(self):
        for i in range(len(self) - 1, -1, -1):
            yield self[i]

    def index(self, value, start=0, stop=None):
        n = len(self)
        stop = n if stop is None else stop
        for i in range(*slice(start, stop).indices(n)):
            if self[i] == value:
                return i
        raise ValueError(f"{value!r} is not in list")

    def count(self, value):
        return sum(1 for x in self if x == value)


class JsSequenceMixin(JsIndexedMixin):
    """Arrays and array-likes also concatenate and repeat, into new JS
    arrays (typed arrays do not, as in Pyodide)."""

    __slots__ = ()

    # + and * make new JS arrays, through JS's own iteration (a broken JS
    # iterator is a JsException, as in Pyodide).
    def __add__(self, other):
        return _js_function("a,b", "return Array.from(a).concat(Array.from(b))")(self, other)

    def __radd__(self, other):
        return _js_function("a,b", "return Array.from(b).concat(Array.from(a))")(self, other)

    def __mul__(self, n):
        if not isinstance(n, int):
            return NotImplemented
        return _js_function("a,n", "const x = Array.from(a), r = []; "
                            "for (let i = 0; i < n; i++) r.push(...x); return r")(self, n)

    __rmul__ = __mul__


def _kept(value):
    """value as an array keeps it: a new PyProxy (not a borrowed one, which
    the call would destroy) for an object that does not convert."""
    if isinstance(value, CONVERTS_IMPLICITLY):
        return value
    return _pyxis_core.create_proxy(value)


class JsArrayMixin(JsSequenceMixin):
    """The methods of a Python list, on a JS Array (mutating it). Objects
    stored go in as PyProxies the array keeps (as with a[i] = x), not as the
    borrowed ones of a plain call."""

    __slots__ = ()

    def _slice_set(self, key, value):
        try:
            it = iter(value)
        except TypeError:  # list's own message for a[i:j] = 1
            raise TypeError("must assign iterable to extended slice") from None
        values = list(it)
        start, stop, step = key.indices(len(self))
        if step == 1:
            stop = max(stop, start)
            self.splice(start, stop - start, *map(_kept, values))
            return
        indices = range(start, stop, step)
        if len(indices) != len(values):
            raise ValueError(f"attempt to assign sequence of size {len(values)} "
                             f"to extended slice of size {len(indices)}")
        for i, v in zip(indices, values):
            self[i] = v

    def _slice_del(self, key):
        indices = sorted(_norm_slice(self, key), reverse=True)
        for i in indices:
            self.splice(i, 1)

    def append(self, value):
        self.push(_kept(value))

    def extend(self, values):
        self.push(*map(_kept, list(values)))

    def __iadd__(self, values):
        self.extend(values)
        return self

    def __imul__(self, n):
        if not isinstance(n, int):
            return NotImplemented
        _js_function("a,n", "const x = a.slice(); a.length = 0; "
                     "for (let i = 0; i < n; i++) a.push(...x)")(self, n)
        return self

    def insert(self, index, value):
        n = len(self)
        index = max(0, min(n, index + n if index < 0 else index))
        self.splice(index, 0, _kept(value))

    def pop(self, index=-1):
        n = len(self)
        if n == 0:
            raise IndexError("pop from empty list")
        i = index + n if index < 0 else index
        if not 0 <= i < n:
            raise IndexError("pop index out of range")
        return self.splice(i, 1)[0]

    def remove(self, value):
        del self[self.index(value)]

    def reverse(self):
        _js_method(self, "reverse")()


class JsMappingMixin:
    """The methods of a (mutable) mapping, for JS Map-likes (get and has) and
    as_object_map(), on top of their [], in, len and iteration (over keys)."""

    __slots__ = ()

    def keys(self):
        return dict.fromkeys(self).keys()

    def values(self):
        return [self[k] for k in self]

    def items(self):
        return {k: self[k] for k in self}.items()

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    _MISSING = object()

    def pop(self, key, default=_MISSING):
        try:
            value = self[key]
        except KeyError:
            if default is JsMappingMixin._MISSING:
                raise
            return default
        del self[key]
        return value

    def popitem(self):
        for key in self:
            value = self[key]
            del self[key]
            return key, value
        raise KeyError("popitem(): the mapping is empty")

    def clear(self):
        for key in list(self):
            del self[key]

    def update(self, other=(), /, **kw):
        items = other.items() if hasattr(other, "items") else other
        for k, v in items:
            self[k] = v
        for k, v in kw.items():
            self[k] = v

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
            return default


class JsIteratorMixin:
    """send() of a JS iterator: next(value), as a Python generator's send."""

    __slots__ = ()

    def send(self, value):
        return _step(self, "next", value)


class JsGeneratorMixin(JsIteratorMixin):
    """send/throw/close of a JS generator, as a Python generator's."""

    __slots__ = ()

    def throw(self, error, *args):
        if isinstance(error, type):
            error = error(*args)
        return _step(self, "throw", _pyxis_core.to_js_error(error))

    def close(self):
        done, _ = _step_result(self, "return", None)
        if not done:
            raise RuntimeError("JavaScript generator ignored return")


def _js_method(obj, name):
    """obj's JS method `name`, even where a mixin method has that name."""
    call = _js_function("o,n,...a", "return o[n](...a)")
    return lambda *args: call(obj, name, *args)


_generator_step = None


def _js_step(gen, method, value, is_async):
    """gen[method](value) through the bridge (pyproxy.js, generatorStep):
    a JS generator keeps its arguments and what is sent in alive until it
    finishes, as in Pyodide."""
    global _generator_step
    if _generator_step is None:
        _generator_step = _pyxis_core.generator_step()
    return _generator_step(gen, method, value, is_async)


def _step_result(gen, method, value):
    result = _js_step(gen, method, value, False)
    if result[0]:
        raise TypeError(result[0])
    return result[1], result[2]


def _step(gen, method, value):
    done, result = _step_result(gen, method, value)
    if done:
        raise StopIteration(result)
    return result


class JsAsyncIteratorMixin:
    """async for over a JS async iterator."""

    __slots__ = ()

    def __aiter__(self):
        return self

    async def __anext__(self):
        r = await _js_step(self, "next", None, True)
        if r.done:
            raise StopAsyncIteration
        return r.value


class JsAsyncIterableMixin:
    """async for over a JS async iterable (its [Symbol.asyncIterator]())."""

    __slots__ = ()

    def __aiter__(self):
        return _js_function("o", "return o[Symbol.asyncIterator]()")(self)


class JsAsyncGeneratorMixin(JsAsyncIteratorMixin):
    __slots__ = ()

    async def asend(self, value):
        r = await _js_step(self, "next", value, True)
        if r.done:
            raise StopAsyncIteration
        return r.value

    async def athrow(self, error, *args):
        if isinstance(error, type):
            error = error(*args)
        r = await _js_step(self, "throw", _pyxis_core.to_js_error(error), True)
        if r.done:
            raise StopAsyncIteration
        return r.value

    async def aclose(self):
        await _js_step(self, "return", None, True)


class JsBufferMixin:
    """Text and file methods of ArrayBuffers and typed arrays."""

    __slots__ = ()

    def to_string(self, encoding=None):
        return self.to_bytes().decode(encoding or "utf-8")

    def to_file(self, file):
        file.write(self.to_bytes())

    def _into_file(self, file):
        """Write this buffer into a file without a copy, as Pyodide's: the
        file's old contents are replaced, and an in-memory (MEMFS) file
        takes this buffer's memory over (do not use the buffer afterwards);
        other file systems copy."""
        import pyodide_js

        file.flush()
        js = _pyxis_core.js_global()
        view = (js.Uint8Array.new(self) if self.byteOffset is None
                else js.Uint8Array.new(self.buffer, self.byteOffset, self.byteLength))
        fs = pyodide_js.FS
        stream = fs.streams[file.fileno()]
        fs.ftruncate(file.fileno(), 0)
        fs.write(stream, view, 0, view.length, 0, True)

    def from_file(self, file):
        """Read from file into this buffer's first bytes (as many as it
        holds, or as the file has left)."""
        js = _pyxis_core.js_global()
        whole = (js.Uint8Array.new(self) if self.byteOffset is None
                 else js.Uint8Array.new(self.buffer, self.byteOffset, self.byteLength))
        data = file.read(len(whole))
        whole.subarray(0, len(data)).assign(data)


class JsCallableMixin:
    """bind_sig for JS functions."""

    __slots__ = ()

    def bind_sig(self, signature):
        """This JS function, called through a Python signature (a function's
        or an inspect.Signature): arguments are checked as Python checks a
        call of a function with that signature (same errors); positional-only
        parameters and *args go to JS positionally, keyword-only parameters
        and **kwargs (those not None) as one trailing object."""
        return _BoundJsFunction(self, signature)

    def bind_class(self, cls):
        """This JS class, seen through a Python class: calling the result
        constructs an instance (JS `new`); when the class defines __init__,
        its signature (without self) checks the arguments, as bind_sig's."""
        return _BoundJsClass(self, cls)


class _BoundJsClass:
    def __init__(self, js_class, cls):
        import inspect

        self._new = js_class.new
        self.__name__ = getattr(cls, "__name__", "cls")
        self.__qualname__ = getattr(cls, "__qualname__", self.__name__)
        self._init = None
        init = getattr(cls, "__dict__", {}).get("__init__")
        if init is not None:
            signature = inspect.signature(init)
            params = list(signature.parameters.values())[1:]  # without self
            self._init = _BoundJsFunction(self._new, signature.replace(parameters=params))
            self._init.__name__ = self._init.__qualname__ = self.__name__

    def __call__(self, *args, **kwargs):
        if self._init is not None:
            return self._init(*args, **kwargs)
        return self._new(*args, **kwargs)


class _BoundJsFunction:
    def __init__(self, func, signature):
        import inspect

        self._func = func
        if not isinstance(signature, inspect.Signature):
            self.__name__ = getattr(signature, "__name__", "func")
            self.__qualname__ = getattr(signature, "__qualname__", self.__name__)
            signature = inspect.signature(signature)
        else:
            self.__name__ = self.__qualname__ = "func"
        self.__signature__ = signature
        self._checker = None

    def _make_checker(self):
        """A Python function with the signature, so that Python's own call
        checks (and messages) apply; it hands the bound arguments over."""
        import inspect

        P = inspect.Parameter
        params = self.__signature__.parameters.values()
        if any(p.kind is P.POSITIONAL_OR_KEYWORD for p in params):
            raise RuntimeError("Don't currently handle POS_OR_KWD args")
        if sum(p.kind is P.KEYWORD_ONLY for p in params) > 64:
            raise RuntimeError("Cannot handle function with more than 64 kwonly args")
        text, positional, named, star, starstar = [], [], [], "()", "{}"
        defaults = {}
        for p in params:
            default = ""
            if p.default is not P.empty:
                defaults[p.name] = p.default
                default = f"=__defaults[{p.name!r}]"
            if p.kind is P.POSITIONAL_ONLY:
                text.append(p.name + default)
                positional.append(p.name)
            elif p.kind is P.VAR_POSITIONAL:
                text.append("*" + p.name)
                star = p.name
            elif p.kind is P.KEYWORD_ONLY:
                if not any(t.startswith("*") for t in text):
                    text.append("*")
                text.append(p.name + default)
                named.append(p.name)
            else:
                text.append("**" + p.name)
                starstar = p.name
        if positional:
            text.insert(len(positional), "/")
        source = (f"def {self.__name__}({', '.join(text)}):\n"
                  f"    return __hand_over(({''.join(n + ', ' for n in positional)}) + tuple({star}),"
                  f" {{{''.join(f'{n!r}: {n}, ' for n in named)}**{starstar}}})\n")
        namespace = {"__defaults": defaults, "__hand_over": self._hand_over}
        exec(source, namespace)
        return namespace[self.__name__]

    def _hand_over(self, args, kwargs):
        # As in Pyodide: an object when there are named arguments at all
        # (those None left out), even if it ends up empty.
        if not kwargs:
            return self._func(*args)
        named = _pyxis_core.js_global().Object.new()
        for k, v in kwargs.items():
            if v is not None:
                setattr(named, k, v)
        return self._func(*args, named)

    def __call__(self, *args, **kwargs):
        if self._checker is None:
            self._checker = self._make_checker()
        return self._checker(*args, **kwargs)

    def __repr__(self):
        return f"<{self._func!r} bound to the signature {self.__signature__}>"


def _reduce_js_exception(exc):
    """A JsException (a JS error's proxy) pickles as a new one with its args
    (the JS object itself cannot leave the runtime)."""
    return (_pyxis_core.JsException, exc.args or (str(exc),))


_pyxis_core.JsException.__reduce__ = _reduce_js_exception
# Pyodide's older API: the JS error of a JsException, which is itself now.
_pyxis_core.JsException.js_error = property(lambda self: self, doc="The JS error (this proxy).")


class JsDoubleProxyMixin:
    """A PyProxy seen from Python (create_proxy's result)."""

    __slots__ = ()

    def unwrap(self):
        """The Python object the PyProxy proxies."""
        return _pyxis_core.unwrap_double_proxy(self)


# (capability test, mixin), in the order they become bases. An
# as_object_map() proxy has the mapping methods only.
_MIXINS = [
    (has_flags("callable"), JsCallableMixin),
    (has_flags("map"), JsMappingMixin),
    (has_flags("array"), JsArrayMixin),
    (lambda f: (not f & (_FLAG["array"] | _FLAG["has_get"] | _FLAG["buffer"])
                and f & _FLAG["array_like"]),
     JsSequenceMixin),
    (lambda f: not f & (_FLAG["array"] | _FLAG["has_get"]) and f & _FLAG["buffer"],
     JsIndexedMixin),
    (has_flags("buffer"), JsBufferMixin),
    (has_flags("double_proxy"), JsDoubleProxyMixin),
    (has_flags("generator"), JsGeneratorMixin),
    (lambda f: f & _FLAG["iterator"] and not f & _FLAG["generator"], JsIteratorMixin),
    (has_flags("async_generator"), JsAsyncGeneratorMixin),
    (lambda f: (f & _FLAG["async_iterator"]
                and not f & (_FLAG["async_generator"] | _FLAG["generator"])),
     JsAsyncIteratorMixin),
    (lambda f: (f & _FLAG["async_iterable"]
                and not f & (_FLAG["async_generator"] | _FLAG["async_iterator"])),
     JsAsyncIterableMixin),
]


def mixins_for(flags: int) -> tuple:
    """The metaclass and the mixin classes for a JsProxy type with these
    capability flags."""
    if flags & _FLAG["as_object_map"]:
        return JsProxyTypeMeta, (JsMappingMixin,)
    return JsProxyTypeMeta, tuple(mixin for test, mixin in _MIXINS if test(flags))
