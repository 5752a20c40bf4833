"""The addon served as in production: prefork workers, with the websocket on Odoo's gevent process."""

import json
import time

import psutil
import pytest
import requests
import websocket

GEVENT_START_TIMEOUT = 60
# Long enough for a crashing gevent process to be respawned and crash again.
GEVENT_WATCH_SECONDS = 8


def authenticate(server, database):
    session = requests.Session()
    params = {"db": database, "login": "admin", "password": "admin"}
    answer = session.post(
        f"{server.url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "method": "call", "params": params},
        timeout=60,
    ).json()
    assert answer.get("result", {}).get("uid"), f"admin could not log in: {answer.get('error')}"
    return session


def test_workers_serve_the_web_client_and_the_websocket(odoo, server_database):
    with odoo.server("workers", server_database, "--workers=2", "--max-cron-threads=0") as server:
        assert requests.get(f"{server.url}/web/health", timeout=10).json() == {"status": "pass"}

        session = authenticate(server, server_database)
        client = session.get(f"{server.url}/odoo", timeout=120)
        assert client.status_code == 200, server.report()
        assert client.url == f"{server.url}/odoo", "the web client sent the logged-in admin elsewhere"
        assert "odoo.__session_info__" in client.text, "/odoo is not the web client"

        server.wait_until_up(f"{server.gevent_url}/websocket/health", GEVENT_START_TIMEOUT)
        try:
            connection = websocket.create_connection(
                server.websocket_url,
                cookie=f"session_id={session.cookies['session_id']}",
                origin=server.url,
                timeout=30,
            )
        except (OSError, websocket.WebSocketException) as error:
            pytest.fail(f"no websocket on the gevent port: {error}\n{server.report()}")
        try:
            assert connection.getstatus() == 101
            connection.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
            connection.ping()
            # The bus may push notifications before the pong.
            while (frame := connection.recv_data_frame(control_frame=True))[0] != websocket.ABNF.OPCODE_PONG:
                assert frame[0] == websocket.ABNF.OPCODE_TEXT, f"unexpected frame {frame}"
        finally:
            connection.close()

        gevent = server.gevent_process()
        assert gevent, f"no gevent process:\n{server.report()}"
        time.sleep(GEVENT_WATCH_SECONDS)
        assert gevent.is_running() and gevent.status() != psutil.STATUS_ZOMBIE, (
            f"the gevent process died:\n{server.report()}"
        )
        assert server.gevent_process() == gevent, "the gevent process was respawned"
        assert not server.problems(), server.report()
