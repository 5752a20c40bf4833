"""pyme_crm installed the way OCA addons are: a wheel built by whool from the addon's pyproject.toml,
pip-installed into a new virtualenv that has Odoo pip-installed from its source tree, then installed
in a database by that environment's Odoo, without an addons path naming the project."""

import email
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo"))
TIMEOUT = 900


def run(*command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, REPO / "pyme_crm")
    [built] = dist.glob("odoo_addon_pyme_crm-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A new virtualenv; the third-party packages Odoo needs come from the project's, through a .pth file,
    so that only Odoo and the addon are installed in it."""
    path = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", path)
    python = path / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    Path(site, "project_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # Odoo from its tree, as an editable install (the tree is 1 GB), which writes its metadata there
    metadata = ODOO_SRC / "odoo.egg-info"
    existed = metadata.exists()
    run(python, "-m", "pip", "install", "--no-deps", "--editable", ODOO_SRC)
    yield python
    if not existed:
        shutil.rmtree(metadata, ignore_errors=True)


def test_the_wheel_declares_the_python_dependencies(wheel):
    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        message = email.message_from_bytes(archive.read(metadata))
        assert "odoo/addons/pyme_crm/__manifest__.py" in archive.namelist()
    assert message["Name"] == "odoo-addon-pyme_crm"
    requirements = set(message.get_all("Requires-Dist"))
    assert {"odoo==18.0.*", "openpyxl", "defusedxml", "phonenumbers"} <= requirements, requirements


def test_odoo_installs_the_addon_from_the_wheel(odoo, venv, wheel, request, tmp_path):
    run(venv, "-m", "pip", "install", "--no-index", wheel)
    installed = run(venv, "-c", "import odoo.addons.pyme_crm as addon; print(addon.__file__)")
    assert "site-packages/odoo/addons/pyme_crm" in installed, installed
    with odoo.database(f"pyme_crm_wheel_{os.getpid()}") as database:
        if dependencies := request.config.option.dependencies_database:
            odoo.copy_database(dependencies, database)
        dsn = [f"--db_{key}={value}" for key, value in odoo.dsn.items()]
        log = tmp_path / "install.log"
        run(
            venv,
            "-m",
            "odoo",
            *dsn,
            f"--data-dir={odoo.data_dir}",
            "-d",
            database,
            "-i",
            "pyme_crm",
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            f"--logfile={log}",
            cwd=tmp_path,
        )
        text = log.read_text()
        assert not odoo.problems(text), "\n".join(odoo.problems(text)[:20])
        with odoo.connect(database) as connection, connection.cursor() as cr:
            cr.execute("SELECT state FROM ir_module_module WHERE name = 'pyme_crm'")
            assert cr.fetchone() == ("installed",)
