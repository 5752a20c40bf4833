"""A user's JSON-RPC session against a running server: as an integration or an automation calls it
(``Rpc``, /jsonrpc with the password), or as the web client does (``WebSession``, a session cookie)."""

import itertools

import requests

TIMEOUT = 60
COUNTER = itertools.count()


def post(http, url, params):
    """A JSON-RPC call's result, or the RpcError the server answered."""
    payload = {"jsonrpc": "2.0", "method": "call", "id": next(COUNTER), "params": params}
    answer = http.post(url, json=payload, timeout=TIMEOUT).json()
    if "error" in answer:
        return RpcError(answer["error"]["data"]["name"], answer["error"]["data"]["message"])
    return answer["result"]


class Calls:
    def ids(self, model, domain):
        return self.call(model, "search", domain)


class Rpc(Calls):
    """One user's JSON-RPC session: ``call(model, method, *args, **kwargs)`` returns the result or the
    name of the exception the server raised. Every call carries the password (each worker checks it
    once, a hash of Odoo's 600,000 rounds, then caches it)."""

    def __init__(self, url, database, login, password):
        self.url, self.database, self.password = url, database, password
        self.uid = self._rpc("common", "login", database, login, password)
        if isinstance(self.uid, RpcError):
            raise RpcFailure(self.uid)
        assert self.uid, f"{login} cannot log in"

    def _rpc(self, service, method, *args):
        return post(requests, f"{self.url}/jsonrpc", {"service": service, "method": method, "args": args})

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            "object", "execute_kw", self.database, self.uid, self.password, model, method, args, kwargs
        )


class WebSession(Calls):
    """One user signed in to the web client: the password is checked once, at sign-in, and the calls
    go where the web client sends them (``/web/dataset/call_kw``, read-only ones to a replica if any)."""

    def __init__(self, url, database, login, password):
        self.url, self.http = url, requests.Session()
        params = {"db": database, "login": login, "password": password}
        answer = post(self.http, f"{url}/web/session/authenticate", params)
        if isinstance(answer, RpcError):
            raise RpcFailure(answer)
        self.uid = answer["uid"]
        assert self.uid, f"{login} cannot sign in"

    def call(self, model, method, *args, **kwargs):
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return post(self.http, f"{self.url}/web/dataset/call_kw/{model}/{method}", params)


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
