"""JS objects importable as Python modules: ``js`` (globalThis) and those
given to registerJsModule. ``import name.sub`` and ``from name import x``
read the JS object's attributes."""

import importlib.machinery
import sys
import types

import _pyxis_core

_modules = {}


class JsModule(types.ModuleType):
    """A module whose attributes are a JS object's: reads, writes and
    dir() go to the object; it is a package so submodules import."""

    def __init__(self, name, obj):
        super().__init__(name)
        object.__setattr__(self, "_js_object", obj)
        object.__setattr__(self, "__path__", [])

    def __getattr__(self, name):
        obj = object.__getattribute__(self, "_js_object")
        if name == "__all__":
            # `from mod import *`: the object's own __all__, else its own
            # enumerable names.
            keys = list(obj.object_keys())
            if "__all__" in keys:
                return list(obj.as_object_map()["__all__"])
            return [k for k in keys if k.isidentifier() and not k.startswith("_")]
        return getattr(obj, name)

    def __setattr__(self, name, value):
        if name.startswith("__") and name.endswith("__"):
            object.__setattr__(self, name, value)
        else:
            setattr(object.__getattribute__(self, "_js_object"), name, value)

    def __dir__(self):
        return dir(object.__getattribute__(self, "_js_object"))


# (The finder and loader protocols without importlib.abc's base classes:
# importing importlib.abc imports importlib.resources, inspect, typing,
# tempfile, ..., a tenth of start-up.)
class _JsModuleFinder:
    def find_spec(self, fullname, path=None, target=None):
        root = fullname.split(".", 1)[0]
        if root not in _modules:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        parts = spec.name.split(".")
        obj = _modules[parts[0]]
        for part in parts[1:]:
            try:
                obj = getattr(obj, part)
            except AttributeError:
                raise ModuleNotFoundError(f"No module named {spec.name!r}", name=spec.name) from None
        return JsModule(spec.name, obj)

    def exec_module(self, module):
        pass


def register(name, obj):
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"registerJsModule: {name!r} is not a valid module name")
    _modules[name] = obj
    for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
        del sys.modules[key]


def unregister(name):
    """As in Pyodide, a module already imported stays in sys.modules; new
    imports of the name fail."""
    if name not in _modules:
        raise ValueError(f"Cannot unregister {name!r}: no Javascript module with that name is "
                         "registered")
    del _modules[name]


def install():
    sys.meta_path.insert(0, _JsModuleFinder())
    register("js", _pyxis_core.js_global())
