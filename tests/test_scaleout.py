"""The portal beyond one machine (docs/operations.md), run for real: two gunicorn app servers
sharing one fresh PostgreSQL database, Redis (its own database number) and an S3 emulator
(moto's server, started here), with a Celery report worker; and Debian's nginx in front of an
app server, configured from docs/deploy/. Every record here is synthetic.

Marked `scaleout`: left out of the ordinary runs (pytest.ini), run once by `.ci/run` with
`pytest -m scaleout`. The servers run the production settings (DJANGO_ENV=production) with
one change: static files are served from their sources (collecting and compressing them all
takes minutes; tests/test_scaleout_settings.py in a temporary folder says so).
"""

import configparser
import getpass
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.scaleout,
    # nginx's certificate is self-signed, made by the test.
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "docs" / "deploy"
PYTHON_BIN = Path(sys.executable).parent
POSTGRES = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
# A Redis database number of its own, so that nothing else on the machine shares the keys.
REDIS_CACHE = "redis://127.0.0.1:6379/11"
REDIS_BROKER = "redis://127.0.0.1:6379/12"
ADMIN = ("synthetic-admin", "synthetic-Password-4821")
BUCKET = "synthetic-sesn-media"

SETTINGS = """\
# Written by tests/test_scaleout.py: the production settings, static files from their sources.
from sesn_portal.settings import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
"""

RECORDS = """\
from django.contrib.auth import get_user_model
from news.tests.factories import PostFactory
from workshops.models import Workshop
from workshops.tests.factories import ObjectiveFactory, WorkshopFactory

get_user_model().objects.create_superuser({admin!r}, "admin@example.invalid", {password!r})
draft = WorkshopFactory(slug="synthetic-draft", title="Synthetic Draft Workshop, Phnom Penh",
                        status=Workshop.Status.DRAFT)
# A workshop has an outcome report once something is recorded to report (an objective).
ObjectiveFactory(
    workshop=WorkshopFactory(slug="synthetic-report", title="Synthetic Report Workshop, 東京")
)
PostFactory(slug="synthetic-post", title="Synthetic post about seaports", comments_open=True)
print(f"draft={{draft.pk}}")
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, *, process=None, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{process.args[0]} stopped with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"Nothing answered on port {port} within {seconds} s")


def service_answers(command):
    return shutil.which(command[0]) and subprocess.run(command, capture_output=True).returncode == 0


def require(condition, why):
    """A missing service fails the run under CI (.ci/run starts them) and skips elsewhere."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


def unit_command(unit, *, port=None):
    """The ExecStart of a docs/deploy systemd unit, run from this checkout (on `port`)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(DEPLOY / unit)
    command = parser["Service"]["ExecStart"]
    command = command.replace("/srv/sesn/portal/.venv/bin/", f"{PYTHON_BIN}/")
    if port is not None:
        command = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    return shlex.split(command)


class Processes:
    def __init__(self, folder):
        self.folder = folder
        self.running = []

    def start(self, name, command, environment):
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = self.folder / f"{name}.log"
        self.running.append(process)
        return process

    def stop(self, process, sig=signal.SIGTERM):
        if process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self):
        for process in reversed(self.running):
            self.stop(process)


class Visitor:
    """A browser of one visitor at `base`: keeps its cookies, sends its forms' CSRF token."""

    def __init__(self, base, *, headers=None, verify=True):
        import requests

        self.http = requests.Session()
        self.http.trust_env = False  # straight to 127.0.0.1, whatever proxy the machine names
        self.base = base
        # The address the visitor's browser shows: HTTPS behind the proxy.
        shown = (
            base.replace("http://", "https://")
            if headers and "X-Forwarded-Proto" in headers
            else base
        )
        self.headers = {"Referer": shown + "/", **(headers or {})}
        self.cookies = {}
        self.verify = verify

    def request(self, method, path, **kwargs):
        response = self.http.request(
            method,
            self.base + path,
            headers={**self.headers, **kwargs.pop("headers", {})},
            cookies=self.cookies,
            allow_redirects=False,
            verify=self.verify,
            timeout=60,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        if "csrftoken" not in self.cookies:
            self.get(path.rsplit("/", 2)[0] + "/" if path.endswith("comment/") else path)
        return self.request(
            "POST", path, data={"csrfmiddlewaretoken": self.cookies["csrftoken"], **data}, **kwargs
        )

    def sign_in(self):
        self.get("/admin/login/")
        response = self.post(
            "/admin/login/",
            {"username": ADMIN[0], "password": ADMIN[1], "next": "/admin/"},
        )
        assert response.status_code == 302, response.text[:500]

    def comment(self, number):
        return self.post(
            "/news/synthetic-post/comment/",
            {
                "name": f"Synthetic visitor {number}",
                "email": "visitor@example.invalid",
                "website": "",
                "text": f"Synthetic comment {number}.",
                "homepage": "",
            },
        )


def manage(environment, *arguments):
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """PostgreSQL (a fresh database), Redis, moto's S3 and a report worker, and the
    environment every app server of this deployment runs with."""
    require(
        service_answers(["pg_isready", "-q", "-h", POSTGRES["host"], "-p", POSTGRES["port"]]),
        "PostgreSQL is not running on 127.0.0.1:5432",
    )
    require(service_answers(["redis-cli", "-n", "11", "ping"]), "Redis is not running")
    folder = tmp_path_factory.mktemp("scaleout")
    (folder / "test_scaleout_settings.py").write_text(SETTINGS)
    processes = Processes(folder)
    database = f"scale_out_{os.getpid()}_{int(time.time())}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    subprocess.run(["redis-cli", "-n", "11", "flushdb"], check=True, capture_output=True)
    subprocess.run(["redis-cli", "-n", "12", "flushdb"], check=True, capture_output=True)
    try:
        s3_port = free_port()
        moto = processes.start(
            "moto",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
            {**os.environ},
        )
        wait_for_port(s3_port, process=moto)
        import boto3

        endpoint = f"http://127.0.0.1:{s3_port}"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="synthetic",
            aws_secret_access_key="synthetic",
        ).create_bucket(Bucket=BUCKET)
        environment = {
            "PATH": f"{PYTHON_BIN}:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": str(folder),
            "PYTHONPATH": str(folder),
            "DJANGO_SETTINGS_MODULE": "test_scaleout_settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": "synthetic-scaleout-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "REDIS_URL": REDIS_CACHE,
            "CELERY_BROKER_URL": REDIS_BROKER,
            "STORAGE_URL": f"s3://synthetic:synthetic@{BUCKET}/media?endpoint_url={endpoint}"
            "&region_name=us-east-1",
            "PROXY_HOPS": "1",
            "REPORT_LOCK_DIR": str(folder / "locks"),
            "CACHE_DIR": str(folder / "cache"),
            "MEDIA_ROOT": str(folder / "media"),
            "LOG_LEVEL": "INFO",
        }
        manage(environment, "migrate", "--noinput")
        made = manage(environment, "shell", "-c", RECORDS.format(admin=ADMIN[0], password=ADMIN[1]))
        draft_pk = re.search(r"draft=(\d+)", made).group(1)
        worker = processes.start("worker", unit_command("sesn-report-worker.service"), environment)
        yield {
            "environment": environment,
            "processes": processes,
            "worker": worker,
            "draft_pk": draft_pk,
        }
    finally:
        processes.stop_all()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", database]
        )


def start_app_server(deployment, name, **settings):
    port = free_port()
    command = unit_command("sesn-portal.service", port=port)
    # Two sync workers on this small machine, as the benchmarks run it.
    command[command.index("--workers") + 1] = "2"
    process = deployment["processes"].start(
        name, command, {**deployment["environment"], **settings}
    )
    wait_for_port(port, process=process)
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def two_servers(deployment):
    a = start_app_server(deployment, "server-a")
    b = start_app_server(deployment, "server-b")
    return a, b


def behind_proxy(base, address="203.0.113.7"):
    """A visitor as the app servers see one behind nginx: its address added to
    X-Forwarded-For and HTTPS said in X-Forwarded-Proto (PROXY_HOPS=1)."""
    return Visitor(base, headers={"X-Forwarded-For": address, "X-Forwarded-Proto": "https"})


def wait_for(check, *, seconds, every=0.5):
    deadline = time.monotonic() + seconds
    while True:
        outcome = check()
        if outcome or time.monotonic() > deadline:
            return outcome
        time.sleep(every)


def test_a_workshop_published_through_a_appears_on_b_at_the_next_request(deployment, two_servers):
    (_, a), (_, b) = two_servers
    reader = behind_proxy(b)
    assert reader.get("/workshops/synthetic-draft/").status_code == 404
    assert "Synthetic Draft Workshop" not in reader.get("/workshops/").text

    staff = behind_proxy(a, "203.0.113.50")
    staff.sign_in()
    staff.get("/admin/workshops/workshop/")
    response = staff.post(
        "/admin/workshops/workshop/",
        {"action": "publish", "_selected_action": deployment["draft_pk"]},
    )
    assert response.status_code == 302

    page = reader.get("/workshops/synthetic-draft/")
    assert page.status_code == 200
    assert "Synthetic Draft Workshop, Phnom Penh" in page.text
    assert "Synthetic Draft Workshop, Phnom Penh" in reader.get("/workshops/").text


def test_a_report_queued_from_a_is_rendered_by_the_worker_and_downloaded_from_b(
    deployment, two_servers
):
    (_, a), (_, b) = two_servers
    path = "/workshops/synthetic-report/report.pdf"
    # Eight downloads at once on both servers find no report: each is told it is being
    # prepared, and the worker renders it once.
    downloads = [behind_proxy(server) for server in (a, b) * 4]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda visitor: visitor.get(path), downloads))
    assert {answer.status_code for answer in answers} == {503}
    assert all(answer.headers["Retry-After"] == "10" for answer in answers)
    assert "Report being prepared" in answers[0].text

    reader = behind_proxy(b)
    pdf = wait_for(lambda: (r := reader.get(path)).status_code == 200 and r, seconds=180)
    assert pdf, "The worker did not render the report within 180 s"
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    log = deployment["worker"].log.read_text()
    assert log.count("Rendered the report of synthetic-report") == 1


def test_the_comment_rate_limit_counts_a_visitors_comments_on_both_servers(two_servers):
    (_, a), (_, b) = two_servers
    on_a, on_b = behind_proxy(a, "203.0.113.9"), behind_proxy(b, "203.0.113.9")
    answers = [visitor.comment(n).status_code for n, visitor in enumerate([on_a, on_b] * 3)]
    # Five accepted (each answered by a redirect to the post), the sixth refused on B.
    assert answers == [302] * 5 + [429]
    assert behind_proxy(a, "203.0.113.10").comment(7).status_code == 302


def test_killing_one_server_leaves_the_other_answering(deployment, two_servers):
    (server_a, a), (_, b) = two_servers
    deployment["processes"].stop(server_a, signal.SIGKILL)
    reader = behind_proxy(b)
    for path in ("/", "/workshops/", "/workshops/synthetic-report/", "/news/synthetic-post/"):
        assert reader.get(path).status_code == 200, path


@pytest.fixture(scope="module")
def behind_nginx(deployment, tmp_path_factory):
    """Debian's nginx, configured from docs/deploy/nginx-sesn-portal.conf, with TLS (a
    self-signed certificate made here) in front of an app server whose files are in a local
    MEDIA_ROOT sent by nginx (X-Accel-Redirect) and whose reports render in the request."""
    require(Path("/usr/sbin/nginx").exists(), "Debian's nginx is not installed (/usr/sbin/nginx)")
    folder = tmp_path_factory.mktemp("nginx")
    media = folder / "media"
    media.mkdir()
    settings = {
        "STORAGE_URL": "",
        "CELERY_BROKER_URL": "",
        "MEDIA_ROOT": str(media),
        "MEDIA_ACCEL_REDIRECT_PREFIX": "/protected-media/",
    }
    environment = {**deployment["environment"], **settings}
    manage(
        environment,
        "shell",
        "-c",
        "from workshops.models import Material\n"
        "from django.core.files.uploadedfile import SimpleUploadedFile as F\n"
        "from workshops.tests.factories import MaterialFactory, ObjectiveFactory,"
        " WorkshopFactory\n"
        "from workshops.models import Workshop\n"
        # The series of the deployment's workshops (a new one's synthetic names would clash).
        "series = Workshop.objects.get(slug='synthetic-report').series\n"
        "media = WorkshopFactory(slug='synthetic-media', series=series, edition=51)\n"
        # Something to report: a workshop with nothing recorded has no outcome report.
        "ObjectiveFactory(workshop=media)\n"
        "MaterialFactory(workshop=media, url='',"
        " file=F('synthetic-agenda.pdf', b'%PDF-1.4 synthetic agenda %%EOF'))\n"
        "MaterialFactory(workshop=WorkshopFactory(slug='synthetic-hidden', series=series,"
        " edition=52, status=Workshop.Status.DRAFT), url='',"
        " file=F('synthetic-secret.pdf', b'%PDF-1.4 synthetic secret %%EOF'))\n",
    )
    _, upstream = start_app_server(deployment, "server-nginx", **settings)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(folder / "key.pem"),
         "-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
    )  # fmt: skip
    https, http = free_port(), free_port()
    site = (DEPLOY / "nginx-sesn-portal.conf").read_text()
    for old, new in {
        "server 127.0.0.1:8000": "server " + upstream.removeprefix("http://"),
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "/etc/letsencrypt/live/sesn.example.org/fullchain.pem": str(folder / "cert.pem"),
        "/etc/letsencrypt/live/sesn.example.org/privkey.pem": str(folder / "key.pem"),
        "alias /srv/sesn/media/;": f"alias {media}/;",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (folder / "site.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        # Its workers run as the test's own user, who owns the media folder made here.
        (f"user {getpass.getuser()};\n" if os.geteuid() == 0 else "")
        + f"""daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""
    )
    nginx = deployment["processes"].start(
        "nginx",
        ["/usr/sbin/nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"),
         "-e", str(folder / "error.log")],
        {"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    wait_for_port(https, process=nginx)
    return {"https": f"https://127.0.0.1:{https}", "http": f"http://127.0.0.1:{http}",
            "upstream": upstream, "media": media}  # fmt: skip


def test_nginx_serves_pages_with_the_security_headers_over_https(behind_nginx):
    visitor = Visitor(behind_nginx["https"], verify=False)
    response = visitor.get("/")
    assert response.status_code == 200
    # HSTS is sent only to a request the portal knows came over HTTPS (X-Forwarded-Proto).
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    # Plain HTTP is sent to HTTPS by nginx; the app server, asked without the proxy's
    # X-Forwarded-Proto, sends it to HTTPS too.
    plain = Visitor(behind_nginx["http"]).get("/workshops/")
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    direct = Visitor(behind_nginx["upstream"]).get("/workshops/")
    assert direct.status_code == 301 and direct.headers["Location"].startswith("https://")


def test_nginx_serves_static_files(behind_nginx):
    response = Visitor(behind_nginx["https"], verify=False).get(
        "/static/vendor/bootstrap/css/bootstrap.min.css"
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert ".btn" in response.text


def test_nginx_sends_a_visible_material_after_the_portals_check_and_hides_the_rest(
    behind_nginx,
):
    visitor = Visitor(behind_nginx["https"], verify=False)
    page = visitor.get("/workshops/synthetic-media/").text
    address = re.search(r'href="(/media/materials/[^"]+synthetic-agenda\.pdf)"', page).group(1)
    response = visitor.get(address)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 synthetic agenda %%EOF"
    assert "private" in response.headers["Cache-Control"]
    # The file nginx sent is the one the portal named, from the internal location.
    assert "X-Accel-Redirect" not in response.headers

    secret = next(behind_nginx["media"].rglob("synthetic-secret*.pdf"))
    name = secret.relative_to(behind_nginx["media"]).as_posix()
    assert visitor.get(f"/media/{name}").status_code == 404
    assert visitor.get(f"/protected-media/{name}").status_code == 404


def test_nginx_hands_the_portal_the_address_it_saw_not_the_one_a_client_claims(behind_nginx):
    # Each comment claims another address in X-Forwarded-For; nginx adds the one it saw
    # (127.0.0.1), which the portal counts (PROXY_HOPS=1): the sixth is refused.
    answers = []
    for number in range(6):
        visitor = Visitor(
            behind_nginx["https"],
            headers={"X-Forwarded-For": f"198.51.100.{number}"},
            verify=False,
        )
        answers.append(visitor.comment(number).status_code)
    assert answers == [302] * 5 + [429]


def test_nginx_passes_a_report_download(behind_nginx):
    response = Visitor(behind_nginx["https"], verify=False).get(
        "/workshops/synthetic-media/report.pdf"
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "sesn-synthetic-media-report.pdf" in response.headers["Content-Disposition"]


def test_the_systemd_units_parse_and_run_the_commands_the_docs_give(tmp_path):
    operations = (BASE_DIR / "docs" / "operations.md").read_text()
    makefile = (BASE_DIR / "Makefile").read_text()
    for unit in ("sesn-portal.service", "sesn-report-worker.service"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(DEPLOY / unit)
        assert {"Unit", "Service", "Install"} <= set(parser.sections())
        command = parser["Service"]["ExecStart"]
        assert command in operations, f"docs/operations.md does not give {command}"
        program = command.split()[0].rsplit("/", 1)[1]
        if program == "celery":
            # `make worker` starts the same worker.
            arguments = command.split(maxsplit=1)[1].split(" --concurrency")[0]
            assert f"$(VENV)/bin/celery {arguments}" in makefile
        if shutil.which("systemd-analyze"):
            # Verified where the portal is installed at this checkout's paths.
            text = (DEPLOY / unit).read_text()
            text = text.replace("/srv/sesn/portal/.venv/bin/", f"{PYTHON_BIN}/")
            text = text.replace("/srv/sesn/portal", str(BASE_DIR))
            text = re.sub(r"(?m)^(User|Group|EnvironmentFile)=.*\n", "", text)
            (tmp_path / unit).write_text(text)
            checked = subprocess.run(
                ["systemd-analyze", "verify", str(tmp_path / unit)],
                capture_output=True,
                text=True,
            )
            assert checked.returncode == 0, checked.stderr
