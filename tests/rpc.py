"""A user's JSON-RPC session against a running server, as an integration or an automation calls it."""

import itertools

import requests


class Rpc:
    """One user's JSON-RPC session: ``call(model, method, *args, **kwargs)`` returns the result or the
    name of the exception the server raised."""

    counter = itertools.count()

    def __init__(self, url, database, login, password):
        self.url, self.database, self.password = url, database, password
        self.uid = self._rpc("common", "login", database, login, password)
        if isinstance(self.uid, RpcError):
            raise RpcFailure(self.uid)
        assert self.uid, f"{login} cannot log in"

    def _rpc(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self.counter),
            "params": {"service": service, "method": method, "args": args},
        }
        answer = requests.post(f"{self.url}/jsonrpc", json=payload, timeout=60).json()
        if "error" in answer:
            return RpcError(answer["error"]["data"]["name"], answer["error"]["data"]["message"])
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            "object", "execute_kw", self.database, self.uid, self.password, model, method, args, kwargs
        )

    def ids(self, model, domain):
        return self.call(model, "search", domain)


class RpcFailure(Exception):
    """A call that failed where the caller cannot go on (a refused login)."""

    def __init__(self, error):
        super().__init__(repr(error))
        self.error = error


class RpcError:
    def __init__(self, name, message):
        self.name, self.message = name, message

    def __repr__(self):
        return f"{self.name}: {self.message[:200]}"
