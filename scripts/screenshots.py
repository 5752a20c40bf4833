"""The README's screenshots of the main screens, on a desktop and on a phone, from the demo database.

    .venv/bin/python scripts/screenshots.py --config .odoo/odoo.conf --database DB --output docs/screenshots

Starts Odoo on the database (loopback, free ports from --port up), signs in as a demo salesperson,
drives a headless Chromium through the DevTools protocol and writes ``<screen>-desktop.png`` and
``<screen>-phone.png``. It starts a call session for the salesperson: run it on a copy of the demo
(``make screenshots`` does).
"""

import argparse
import base64
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import requests
import websocket

# The salesperson with the most to show: follow-ups late and today, a deal with an order and invoices.
LOGIN = "andres"
DEVICES = {
    "desktop": {"width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    "phone": {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
}
# The follow-up list: a list on a desktop, cards on a phone.
FOLLOWUP_ROW = {"desktop": ".o_list_view .o_data_row", "phone": ".o_kanban_view .o_kanban_record"}
START_TIMEOUT = 180
SCREEN_TIMEOUT = 60
SETTLE = 1.2  # seconds a screen must stay idle: dialogs fade in, charts animate
# "error: ..." when Odoo shows an error, "loading ..." what loads, "missing" (the selector) or "ready".
SCREEN_STATE = """(() => {
    const error = document.querySelector(".o_error_dialog");
    if (error) {
        return "error: " + error.innerText.slice(0, 500);
    }
    const images = [...document.images].filter((image) => !image.complete).map((image) => image.src);
    const busy = [
        document.readyState !== "complete" && "the document",
        document.fonts.status !== "loaded" && "fonts",
        document.querySelector(".o_loading_indicator, .o_blockUI") && "Odoo's data",
        ...images,
    ].filter(Boolean);
    return busy.length ? "loading " + busy.join(", ") : document.querySelector(%s) ? "ready" : "missing";
})()"""


class Failure(Exception):
    """What the script says when it stops."""


# ------------------------------------------------------------
# PROCESSES
# ------------------------------------------------------------


def free_ports(first, count):
    """The first ``count`` ports from ``first`` up that nothing listens to on the loopback."""
    ports = []
    for port in range(first, first + 1000):
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", port))
            ports.append(port)
            if len(ports) == count:
                return ports
    raise Failure(f"no {count} free ports from {first} up")


def start(command, log, name):
    try:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    except FileNotFoundError as error:
        raise Failure(f"{name} not found ({command[0]})") from error


def stop(process):
    """SIGTERM to the process's group, SIGKILL to what is left after 20 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_for(url, process, timeout, what, log_path):
    """The JSON ``url`` answers, while ``process`` runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"{what} exited ({process.returncode}):\n{tail(log_path)}")
        with contextlib.suppress(requests.RequestException, ValueError):
            response = requests.get(url, timeout=5)
            if response.ok:
                return response.json()
        time.sleep(0.5)
    raise Failure(f"{what} did not answer {url} within {timeout} s:\n{tail(log_path)}")


def tail(path, lines=30):
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def odoo_server(args, port, gevent_port, workdir):
    log_path = workdir / "odoo.log"
    command = [
        sys.executable,
        args.odoo_bin,
        f"--config={args.config}",
        f"--database={args.database}",
        f"--db-filter=^{re.escape(args.database)}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        "--workers=0",
        "--max-cron-threads=0",  # no scheduled action changes the data between two screens
        "--log-level=warn",
    ]
    with log_path.open("w") as log:
        process = start(command, log, "odoo-bin")
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/web/health", process, START_TIMEOUT, "Odoo", log_path)
        yield url
    finally:
        stop(process)


@contextlib.contextmanager
def chromium(binary, port, workdir):
    log_path = workdir / "chromium.log"
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--disable-background-networking",
        "--hide-scrollbars",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={workdir / 'chromium'}",
        "--remote-debugging-address=127.0.0.1",
        f"--remote-debugging-port={port}",
        "about:blank",
    ]
    with log_path.open("w") as log:
        process = start(command, log, "Chromium (make chromium installs it; or pass --chromium)")
    try:
        version = wait_for(f"http://127.0.0.1:{port}/json/version", process, 30, "Chromium", log_path)
        with contextlib.closing(DevTools(version["webSocketDebuggerUrl"], "Chromium")) as browser:
            yield browser
    finally:
        stop(process)


# ------------------------------------------------------------
# THE BROWSER
# ------------------------------------------------------------


class DevTools:
    """A DevTools websocket of Chromium (the browser's or a tab's), one command at a time."""

    def __init__(self, url, screen):
        self.url = url
        self.socket = websocket.create_connection(url, timeout=SCREEN_TIMEOUT, suppress_origin=True)
        self.last_id = 0
        self.screen = screen  # what the errors name

    def close(self):
        self.socket.close()

    def call(self, method, **params):
        self.last_id += 1
        try:
            self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
            while True:
                message = json.loads(self.socket.recv())
                if message.get("id") == self.last_id:
                    break
                self.event(message.get("method"), message.get("params", {}))
        except websocket.WebSocketException as error:
            raise Failure(f"{self.screen}: Chromium did not answer {method}: {error!r}") from error
        if "error" in message:
            raise Failure(f"{self.screen}: {method} failed: {message['error']['message']}")
        return message["result"]

    def event(self, method, params):
        pass


@contextlib.contextmanager
def new_page(browser, screen, device, url, cookie):
    """A tab in a browser context of its own: no cache, storage nor bus worker left by the last screen
    (a worker still connected makes Odoo say the page is out of date)."""
    context = browser.call("Target.createBrowserContext")["browserContextId"]
    try:
        target = browser.call("Target.createTarget", url="about:blank", browserContextId=context)["targetId"]
        page_url = f"{browser.url.split('/devtools/')[0]}/devtools/page/{target}"
        with contextlib.closing(Page(page_url, screen, url)) as page:
            page.call("Network.setCookie", name="session_id", value=cookie, url=url)
            page.use(device)
            yield page
    finally:
        browser.call("Target.disposeBrowserContext", browserContextId=context)


class Page(DevTools):
    """A tab showing Odoo: what it loads, where it goes, what it shows."""

    def __init__(self, url, screen, base_url):
        super().__init__(url, screen)
        self.base_url = base_url
        self.requests = {}  # the network requests under way: their URLs by id
        self.loaded = True
        self.loader = None  # the current document's loader
        self.errors = []  # what the page wrote as errors to its console
        for domain in ("Page", "Runtime", "Network"):
            self.call(f"{domain}.enable")

    def event(self, method, params):
        # the current document's requests: not the last one's, nor a worker's script (without loader)
        if method == "Network.requestWillBeSent" and params.get("loaderId") == self.loader:
            self.requests[params["requestId"]] = params["request"]["url"]
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            self.requests.pop(params["requestId"], None)
        elif method == "Page.loadEventFired":
            self.loaded = True
        elif method == "Runtime.exceptionThrown":
            self.errors.append(params["exceptionDetails"].get("exception", {}).get("description", ""))
        elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
            self.errors.append(
                " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params["args"])
            )

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise Failure(f"{self.screen}: {result['exceptionDetails']['text']} in {expression}")
        return result["result"].get("value")

    def use(self, device):
        metrics = DEVICES[device]
        self.call("Emulation.setDeviceMetricsOverride", **metrics)
        self.call("Emulation.setTouchEmulationEnabled", enabled=metrics["mobile"], maxTouchPoints=5)

    def goto(self, path):
        self.requests.clear()
        self.loaded = False
        self.loader = self.call("Page.navigate", url=self.base_url + path)["loaderId"]

    def wait(self, selector):
        """Until ``selector`` shows, nothing loads and the screen stays so for SETTLE seconds."""
        deadline = time.monotonic() + SCREEN_TIMEOUT
        idle_since = None
        while time.monotonic() < deadline:
            state = self.evaluate(SCREEN_STATE % json.dumps(selector))  # reads the events too
            if not self.loaded:
                state = "loading the page"
            if state.startswith("error"):
                raise Failure(f"{self.screen} did not render, Odoo showed an {state}\n{self.error_details()}")
            if state == "ready" and self.requests:
                state = f"loading {', '.join(sorted(self.requests.values()))}"
            if state == "ready":
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= SETTLE:
                    return
            else:
                idle_since = None
            time.sleep(0.1)
        reason = f"still {state}" if state.startswith("loading") else f"no {selector!r}"
        raise Failure(f"{self.screen} did not render in {SCREEN_TIMEOUT} s: {reason}")

    def error_details(self):
        """The traceback of Odoo's error dialog (shown by its button), or the console's errors."""
        self.evaluate("document.querySelector('.o_error_dialog .btn-link')?.click()")
        time.sleep(0.5)
        details = self.evaluate("document.querySelector('.o_error_detail')?.innerText")
        return (details or "\n".join(self.errors))[-3000:]

    def exists(self, selector):
        return self.evaluate(f"!!document.querySelector({json.dumps(selector)})")

    def click(self, selector):
        self.wait(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def upload(self, selector, path):
        self.wait(selector)
        root = self.call("DOM.getDocument", depth=0)["root"]["nodeId"]
        node = self.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        self.call("DOM.setFileInputFiles", nodeId=node, files=[str(path)])

    def capture(self, path):
        self.evaluate("document.activeElement?.blur()")  # no focus ring nor caret
        self.wait("body")
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))


# ------------------------------------------------------------
# THE SCREENS
# ------------------------------------------------------------


def followup(page, device, _context):
    page.goto("/odoo/action-pyme_crm.res_partner_action_followup")
    page.wait(FOLLOWUP_ROW[device])


def call_dialog(page, device, context):
    followup(page, device, context)
    page.click(f"{FOLLOWUP_ROW[device]} button[name='action_open_call_outcome']")
    page.wait(".modal .o_form_view .o_field_widget[name='commercial_list']")


def call_session(page, _device, _context):
    page.goto("/odoo/action-pyme_crm.pyme_crm_call_session_action_screen")
    page.wait(".o_pyme_call_start, .o_pyme_call_line")
    if page.exists(".o_pyme_call_start"):
        page.click(".o_pyme_call_start")
    page.wait(".o_pyme_call_line")


def dashboard(page, _device, _context):
    page.goto("/odoo/action-pyme_crm.pyme_crm_dashboard_action")
    page.wait(".o_pyme_dashboard_figure")
    page.wait(".o_pyme_dashboard_chart canvas")


def deal(page, device, context):
    page.goto(f"/odoo/crm/{context['deal_id']}")
    page.wait(".o_form_view .oe_stat_button")
    if device == "phone":  # a phone keeps the deal's documents behind the button box's menu
        page.click(".o-form-buttonbox .o_button_more")
        page.wait(".o-dropdown--menu .oe_stat_button")


def import_values(page, device, context):
    if device == "desktop":  # from a commercial list, as a salesperson opens it
        page.goto("/odoo/action-pyme_crm.res_partner_action_list_prospect")
        page.click(f".o_control_panel button[type='action'][name='{context['import_action']}']")
    else:  # its menu's action: a phone shows the list as cards, without the list's buttons
        page.goto("/odoo/action-pyme_crm.res_partner_import_action")
    field = ".modal .o_field_widget[name='file']"
    page.upload(f"{field} input[type='file']", context["workbook"])
    page.wait(f"{field} input.o_input:not([value=''])")
    page.click(".modal button[name='action_read_file']")
    page.wait(".modal .o_field_widget[name='column_ids'] .o_data_row")
    page.click(".modal button[name='action_read_values']")
    page.wait(".modal .o_field_widget[name='value_ids'] .o_data_row")
    if device == "phone":  # the values below the step's fields
        page.evaluate("document.querySelector(\".modal .o_field_widget[name='value_ids']\").scrollIntoView()")


SCREENS = [
    ("followup", "the follow-up list", followup),
    ("call-dialog", "the call dialog", call_dialog),
    ("call-session", "the call session", call_session),
    ("dashboard", "the dashboard", dashboard),
    ("deal", "a deal with its documents", deal),
    ("import-values", "the import's values step", import_values),
]


# ------------------------------------------------------------
# DATA
# ------------------------------------------------------------


def sign_in(url, database):
    session = requests.Session()
    response = session.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": database, "login": LOGIN, "password": LOGIN}},
        timeout=60,
    )
    if response.json().get("error") or "session_id" not in session.cookies:
        raise Failure(f"cannot sign in as {LOGIN} on {database}: is it the demo database?")
    return session


def rpc(url, session, path, **params):
    response = session.post(f"{url}{path}", json={"jsonrpc": "2.0", "params": params}, timeout=60).json()
    if "error" in response:
        raise Failure(f"{path} as {LOGIN}: {response['error']['data']['message']}")
    return response["result"]


def richest_deal(url, session):
    """The salesperson's deal with the most documents (quotations, orders, invoices, purchases)."""
    counts = ["quotation_count", "sale_order_count", "customer_invoice_count", "purchase_order_count"]
    deals = rpc(
        url,
        session,
        "/web/dataset/call_kw",
        model="crm.lead",
        method="search_read",
        args=[[("user_id.login", "=", LOGIN), ("type", "=", "opportunity")]],
        kwargs={"fields": counts},
    )
    if not deals:
        raise Failure(f"{LOGIN} has no deal to show: is it the demo database?")
    return max(deals, key=lambda deal: sum(deal[count] for count in counts))["id"]


# Company; name; phone; list; priority; sector; origin; zone: new sectors and origins, or written unlike the
# demo's (without accents, in lower case)
CONTACTS = """\
Bodegas Valdejalón S.L.;Marta Lafuente;976 123 456;Prospectos;1;Bodegas;Feria Climatiza 2026;Aragón
Hostal Las Torres;Pilar Gracia;974 223 344;Prospectos;2;Hostelería;Feria Climatiza 2026;Aragón
Clínica Dental Arrabal;Sergio Marín;976 556 677;Base de contactos;;Clínicas dentales;Recomendación;aragon
Metálicas del Gállego S.L.;Jorge Sanz;976 887 766;Prospectos;1;fabricacion;linkedin;Aragón
Residencia San Lamberto;Elena Royo;976 334 455;Prospectos;3;Residencias de mayores;Feria Climatiza 2026;Aragón
"""


def workbook(path):
    """Contacts from a trade fair: a title row above the headers, sectors and origins new to the demo."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contactos"
    sheet.append(["Contactos de la feria Climatiza 2026"])
    sheet.append([])
    sheet.append(["Empresa", "Nombre", "Teléfono", "Lista", "Prioridad", "Sector", "Origen", "Zona"])
    for line in CONTACTS.splitlines():
        sheet.append(line.split(";"))
    book.save(path)


# ------------------------------------------------------------
# MAIN
# ------------------------------------------------------------


def screenshots(args):
    args.output.mkdir(parents=True, exist_ok=True)
    odoo_port, gevent_port, devtools_port = free_ports(args.port, 3)
    with tempfile.TemporaryDirectory(prefix="pyme_crm_screenshots_") as tmp:
        workdir = Path(tmp)
        context = {"workbook": workdir / "contactos-feria.xlsx"}
        workbook(context["workbook"])
        with odoo_server(args, odoo_port, gevent_port, workdir) as url:
            session = sign_in(url, args.database)
            context["deal_id"] = richest_deal(url, session)
            action = rpc(url, session, "/web/action/load", action_id="pyme_crm.res_partner_import_action")
            context["import_action"] = action["id"]
            cookie = session.cookies["session_id"]
            with chromium(args.chromium, devtools_port, workdir) as browser:
                for device in DEVICES:
                    for name, title, run in SCREENS:
                        screen = f"{title} on a {device} ({name}-{device}.png)"
                        with new_page(browser, screen, device, url, cookie) as page:
                            run(page, device, context)
                            page.capture(args.output / f"{name}-{device}.png")
                        print(f"{name}-{device}.png", flush=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True, help="odoo-bin's configuration file")
    parser.add_argument("--database", required=True, help="a copy of the demo database")
    parser.add_argument("--output", required=True, type=Path, help="the folder the images go to")
    parser.add_argument(
        "--odoo-bin",
        default=str(Path(os.environ.get("ODOO_SRC", "/opt/odoo")) / "odoo-bin"),
        help="the odoo-bin to run",
    )
    parser.add_argument("--chromium", default="chromium", help="the Chromium to run")
    parser.add_argument("--port", type=int, default=8290, help="the first port to try (Odoo and Chromium)")
    args = parser.parse_args()
    # a SIGTERM stops Odoo and Chromium too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("screenshots: stopped (SIGTERM)"))
    started = time.monotonic()
    try:
        screenshots(args)
    except Failure as error:
        sys.exit(f"screenshots: {error}")
    print(f"{len(SCREENS) * len(DEVICES)} screenshots in {args.output} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
