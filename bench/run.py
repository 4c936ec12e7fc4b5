"""`make bench`: how fast the public pages are, and whether a rush of sign-ups for one class oversells it.

A plain script, not part of the site. It makes a fresh PostgreSQL database (hepcat_bench_<pid>), loads the demo
school (grown with --offers/--students if asked), serves it with gunicorn under the production settings on
127.0.0.1, measures, and drops the database at the end. It only talks to 127.0.0.1.

    pages: wrk against the bare view and each public page, interleaved in rounds; then the CPU ms and queries
           of each page (the Server-Timing header that BENCH_TIMING=1 adds).
    rush:  --visitors threads each put the same --seats-seat class in their cart, wait at a barrier, and check
           out at the same moment; then the database is checked for oversold seats.
    account: a student of many years (--classes finished classes, --resources-per-class resources each) logs in
           and fetches /account/ --requests times, one at a time: its latency (median, max) and queries.
    reports: the school's past grown to 5,000 students, 50,000 registrations and 200,000 check-ins
           (manage.py grow_report_data); an admin fetches each report --requests times, one at a time.

It is one file (over the usual ~400 lines) so that it runs with nothing but the project's venv and is read
top to bottom: the server it starts, the two modes, then the small helpers they share.
"""

import argparse
import html.parser
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# BENCH_REDIS_URL lets two benches run side by side without sharing a cache.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# hepcat.page_cache.VERSION_KEY as Django's Redis cache stores it (key prefix "", version 1).
PUBLIC_VERSION_KEY = ":1:classes:public_version"
# How long a web process trusts the public version it read (hepcat.page_cache.VERSION_RECHECK), and a little more.
VERSION_RECHECK_SECONDS = 1.05
# The demo school's password (DEMO_PASSWORD), which add_long_time_student gives its student.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "swingout-demo")
# What the student area must answer within for a student of many years (issue 10).
ACCOUNT_BUDGET_MS = 300
# What each admin report must answer within on the grown school (issue 11).
REPORT_BUDGET_MS = 1000
ADMIN_EMAIL = "admin@hepcat.example"  # accounts.demo.ADMIN_EMAIL
# The reports (classes.admin.reports) and the staff's pages of one class, by their addresses: a report about one
# session is asked for the last grown one, a class's pages for its biggest class. The downloads are timed too, but
# only the pages are held to the budget: the payments download adds up every session the school ever ran.
REPORTS = [
    ("payments per session", "/admin/school-reports/payments/"),
    ("payments CSV, all sessions", "/admin/school-reports/payments/?export=csv"),
    ("attendance", "/admin/school-reports/attendance/?session={session}"),
    ("attendance XLSX", "/admin/school-reports/attendance/?export=xlsx&session={session}"),
    ("students missing classes", "/admin/school-reports/missing/?session={session}"),
    ("retention", "/admin/school-reports/retention/?session={session}"),
    ("level progression", "/admin/school-reports/progression/?session={session}"),
    ("class offers of the session", "/admin/snippets/classes/classoffer/?session={session}"),
    ("a class's roster", "/admin/snippets/classes/classoffer/roster/{offer}/"),
    ("a class's roster, XLSX", "/admin/snippets/classes/classoffer/roster/{offer}/?export=xlsx"),
    ("a class's check-in", "/admin/check-in/{offer}/"),
    ("My classes: the class", "/admin/my-classes/{offer}/"),
    ("My classes: a student's history", "/admin/my-classes/{offer}/students/{student}/"),
]
FULL_MESSAGE = re.compile(r"is full\.")
WAITLIST_OFFER = "join the waitlist"

WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["pages", "rush", "account", "reports"], default="pages")
    parser.add_argument("--offers", type=int, default=0, help="class offers to add to the current session")
    parser.add_argument("--students", type=int, default=0, help="students to add, each registered for a class")
    parser.add_argument("--workers", type=int, help="gunicorn sync workers (pages: 2, rush: 4)")
    parser.add_argument("--rounds", type=int, default=5, help="pages: rounds of wrk bursts")
    parser.add_argument("--duration", type=int, default=3, help="pages: seconds of each wrk burst")
    parser.add_argument("--connections", type=int, default=8, help="pages: wrk connections")
    parser.add_argument("--samples", type=int, default=20, help="pages: fetches per URL for CPU ms and queries")
    parser.add_argument(
        "--made-samples", type=int, default=7, help="pages: fetches per URL for made ms and made q (a second each)"
    )
    parser.add_argument("--visitors", type=int, default=200, help="rush: visitors checking out at once")
    parser.add_argument("--seats", type=int, default=20, help="rush: seats in the class they rush for")
    parser.add_argument("--classes", type=int, default=40, help="account: the student's finished classes")
    parser.add_argument("--resources-per-class", type=int, default=10, help="account: resources of each class")
    parser.add_argument("--requests", type=int, default=30, help="account, reports: fetches of each page")
    parser.add_argument("--report-students", type=int, default=5000, help="reports: students of the grown past")
    parser.add_argument("--report-registrations", type=int, default=50_000, help="reports: their registrations")
    parser.add_argument("--report-attendance", type=int, default=200_000, help="reports: their check-ins")
    args = parser.parse_args()
    args.workers = args.workers or {"pages": 2, "rush": 4, "account": 2, "reports": 2}[args.mode]
    if args.mode == "pages" and not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (make bench does it)")

    bench = Bench(args)
    try:
        bench.prepare()
        bench.serve()
        ok = {
            "pages": bench.measure_pages,
            "rush": bench.rush,
            "account": bench.measure_account,
            "reports": bench.measure_reports,
        }[args.mode]()
    finally:
        bench.clean_up()
    sys.exit(0 if ok else 1)


class Bench:
    def __init__(self, args):
        self.args = args
        self.database = f"hepcat_bench_{os.getpid()}"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="hepcat-bench-"))
        self.server = None
        self.database_made = False
        self.rush_offer = None
        self.student_email = None
        self.report_session = None
        self.report_class = None
        self.report_student = None
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "SITE_URL": self.base,
            "LOG_LEVEL": "WARNING",
        }
        for name in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"):
            self.env.pop(name, None)  # the data is built with the development settings, mail going nowhere

    def step(self, what):
        print(f"[bench] {what}", flush=True)

    def manage(self, *command, settings=None):
        env = dict(self.env, **(settings or {}))
        result = subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"manage.py {' '.join(command)} failed")
        return result.stdout

    def prepare(self):
        self.step(f"database {self.database}: migrate, load the demo school")
        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self.database_made = True
        redis.Redis.from_url(REDIS_URL).flushdb()  # rate limit counts and cache of an earlier run
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("load_demo_school")
        grow = []
        if self.args.offers:
            grow += ["--offers", str(self.args.offers)]
        if self.args.students:
            grow += ["--students", str(self.args.students)]
        if self.args.mode == "rush":
            grow += ["--rush-seats", str(self.args.seats)]
        if grow:
            self.step("grow_demo_school " + " ".join(grow))
            output = self.manage("grow_demo_school", *grow)
            if match := re.search(r"rush_offer id=(\d+) url=(\S+)", output):
                self.rush_offer = int(match[1]), match[2]
        if self.args.mode == "account":
            self.step(
                f"add_long_time_student --classes {self.args.classes} "
                f"--resources-per-class {self.args.resources_per_class}"
            )
            output = self.manage(
                "add_long_time_student",
                "--classes",
                str(self.args.classes),
                "--resources-per-class",
                str(self.args.resources_per_class),
            )
            self.student_email = re.search(r"student email=(\S+)", output)[1]
        if self.args.mode == "reports":
            grow = [
                "--students",
                str(self.args.report_students),
                "--registrations",
                str(self.args.report_registrations),
                "--attendance",
                str(self.args.report_attendance),
            ]
            self.step("grow_report_data " + " ".join(grow))
            output = self.manage("grow_report_data", *grow)
            print(output.strip(), flush=True)
            self.report_session = int(re.search(r"report_session id=(\d+)", output)[1])
            with psycopg.connect(self.env["DATABASE_URL"]) as connection:
                self.report_class = connection.execute(
                    "SELECT class_offer_id FROM classes_registration JOIN classes_classoffer offer"
                    " ON offer.id = class_offer_id WHERE offer.session_id = %s"
                    " GROUP BY class_offer_id ORDER BY count(*) DESC, class_offer_id LIMIT 1",
                    [self.report_session],
                ).fetchone()[0]
                self.report_student = connection.execute(  # of its students, the one with the most classes
                    "SELECT attendee_id FROM classes_registration WHERE attendee_id IN"
                    " (SELECT attendee_id FROM classes_registration WHERE class_offer_id = %s)"
                    " GROUP BY attendee_id ORDER BY count(*) DESC, attendee_id LIMIT 1",
                    [self.report_class],
                ).fetchone()[0]
        self.step("collectstatic")
        self.manage("collectstatic", "--noinput", "--verbosity", "0", settings=self.server_env())

    def server_env(self):
        return {
            **self.env,
            "DJANGO_SETTINGS_MODULE": "hepcat.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1 localhost",
            "REDIS_URL": REDIS_URL,
            "SECURE_SSL_REDIRECT": "False",
            "DEBUG": "False",
            "RATELIMIT_CHECKOUT": "100000/h",
            "RATELIMIT_CHECKOUT_EMAIL": "100000/h",
            "BENCH_BARE_VIEW": "1",
            "BENCH_TIMING": "1",
        }

    def serve(self):
        self.step(f"gunicorn, {self.args.workers} sync workers, at {self.base}")
        self.server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "hepcat.wsgi",
                "--workers",
                str(self.args.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.server_env(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise SystemExit("gunicorn stopped while starting")
            try:
                if requests.get(f"{self.base}/bench/bare/", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within a minute")

    def clean_up(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
        if self.database_made:
            with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.step(f"dropped {self.database}")
        redis.Redis.from_url(REDIS_URL).flushdb()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # Pages

    def find_pages(self):
        """The public pages to measure, found by following the site's own links."""
        classes = requests.get(f"{self.base}/classes/", timeout=30).text
        offer_links = re.findall(r'href="(/classes/[\w-]+/[\w-]+/[a-z]+day/)"', classes)
        if not offer_links:
            raise SystemExit("no class offer links on /classes/")
        subject = re.match(r"/classes/[\w-]+/", offer_links[0])[0]  # a class's page is under its subject's
        return [
            ("bare view", "/bench/bare/"),
            ("home", "/"),
            ("classes", "/classes/"),
            ("class offer", offer_links[0]),
            ("subject", subject),
            ("teachers", "/teachers/"),
            ("calendar", "/classes/calendar.ics"),
            ("register (2 in cart)", "/register/"),
        ], offer_links

    def cart_cookie(self, offer_links):
        """A session with two classes in its cart, as the Cookie header a browser would send."""
        visitor = Visitor(self.base)
        added = 0
        for link in offer_links:
            page = visitor.get(link)
            offer_id = class_offer_id(page.text)
            if offer_id and visitor.add_to_cart(offer_id):
                added += 1
            if added == 2:
                break
        page = visitor.get("/register/")
        if page.text.count('name="class_offer"') < 2:
            raise SystemExit("could not put two classes in a cart")
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in visitor.session.cookies)

    def measure_pages(self):
        pages, offer_links = self.find_pages()
        cookie = self.cart_cookie(offer_links)
        self.step("warming up: each page a few times in each worker")
        for _, path in pages:
            for _ in range(2 * self.args.workers):
                headers = {"Cookie": cookie} if path == "/register/" else {}
                requests.get(f"{self.base}{path}", headers=headers, timeout=60).raise_for_status()
        script = self.tmp / "report.lua"
        script.write_text(WRK_REPORT)
        self.step(
            f"wrk -t2 -c{self.args.connections}, {self.args.rounds} rounds x {len(pages)} URLs x {self.args.duration}s"
        )
        runs = {path: [] for _, path in pages}
        for round_number in range(1, self.args.rounds + 1):
            for _, path in pages:
                headers = ["-H", f"Cookie: {cookie}"] if path == "/register/" else []
                runs[path].append(self.wrk(path, headers, script))
            self.step(f"round {round_number} done")

        samples, made = {}, {}
        for _, path in pages:
            headers = {"Cookie": cookie} if path == "/register/" else {}
            samples[path] = self.server_timing(path, headers)
            made[path] = self.server_timing(path, headers, made=True)

        bare_rate = rate(runs["/bench/bare/"])
        print()
        print(
            f"Pages: {self.args.workers} gunicorn sync workers, wrk -t2 -c{self.args.connections}, "
            f"{self.args.rounds} rounds x {self.args.duration}s interleaved; offers +{self.args.offers}, "
            f"students +{self.args.students}"
        )
        header = (
            f"{'page':<22} {'URL':<44} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'x bare':>7} "
            f"{'non-2xx':>7} {'sock err':>8} {'CPU ms':>7} {'queries':>7} {'made ms':>7} {'made q':>7}"
        )
        print(header)
        print("-" * len(header))
        ok = True
        for name, path in pages:
            results = runs[path]
            page_rate = rate(results)
            non_2xx = sum(result["status_errors"] for result in results)
            socket_errors = sum(result["socket_errors"] for result in results)
            ok = ok and non_2xx == 0 and socket_errors == 0
            cpu, queries = samples[path]
            made_cpu, made_queries = made[path]
            print(
                f"{name:<22} {path[:44]:<44} {page_rate:>8.1f} {median_ms(results, 'p50'):>7.1f} "
                f"{median_ms(results, 'p95'):>7.1f} {median_ms(results, 'p99'):>7.1f} {page_rate / bare_rate:>7.3f} "
                f"{non_2xx:>7} {socket_errors:>8} {cpu:>7.1f} {queries:>7} {made_cpu:>7.1f} {made_queries:>7}"
            )
        print()
        print(
            "req/s: all rounds together; p50/p95/p99: median over rounds of wrk's latency percentiles; x bare: the "
            "page's rate over the bare view's; non-2xx and sock err (timeouts past 10 s, resets): should be 0; "
            "CPU ms and queries: medians of the Server-Timing header over "
            f"{self.args.samples} fetches, one at a time; made ms and made q: the same over {self.args.made_samples} "
            "fetches, each missing the page cache (its public version bumped a second before, as a seat taken does), "
            "the class cards kept."
        )
        return ok

    def wrk(self, path, headers, script):
        command = [
            "wrk",
            "-t2",
            f"-c{self.args.connections}",
            f"-d{self.args.duration}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            *headers,
            f"{self.base}{path}",
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        match = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.MULTILINE)
        if not match:
            raise SystemExit(f"unexpected wrk output:\n{output}")
        count, duration, p50, p95, p99, status_errors, socket_errors = map(int, match.groups())
        return {
            "requests": count,
            "seconds": duration / 1e6,
            "p50": p50 / 1000,
            "p95": p95 / 1000,
            "p99": p99 / 1000,
            "status_errors": status_errors,
            "socket_errors": socket_errors,
        }

    def server_timing(self, path, headers, made=False):
        """The median CPU ms and query count the server reports for a page; `made`: for a page made anew each
        time, the stored copies of the public pages stranded before each fetch (hepcat.page_cache), and the
        server given the time to read the new version."""
        cpu, queries = [], []
        cache = redis.Redis.from_url(REDIS_URL)
        with requests.Session() as session:
            for _ in range(self.args.made_samples if made else self.args.samples):
                if made:
                    cache.incr(PUBLIC_VERSION_KEY)
                    time.sleep(VERSION_RECHECK_SECONDS)
                timing = session.get(f"{self.base}{path}", headers=headers, timeout=30).headers["Server-Timing"]
                cpu.append(float(re.search(r"cpu;dur=([\d.]+)", timing)[1]))
                queries.append(int(re.search(r"db;[^,]*dur=(\d+)", timing)[1]))
        return statistics.median(cpu), int(statistics.median(queries))

    # Account

    def measure_account(self):
        """The long-time student's /account/, fetched one request at a time once logged in."""
        visitor = Visitor(self.base)
        login = visitor.get("/account/login/").text
        response = visitor.session.post(
            f"{self.base}/account/login/",
            data={"username": self.student_email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf_token(login)},
            timeout=60,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise SystemExit(f"the student could not log in ({response.status_code})")
        self.step("warming up: /account/ a few times in each worker")
        for _ in range(2 * self.args.workers):
            visitor.get("/account/")
        latencies, cpu, queries = [], [], []
        for _ in range(self.args.requests):
            started = time.monotonic()
            page = visitor.get("/account/")
            latencies.append((time.monotonic() - started) * 1000)
            timing = page.headers["Server-Timing"]
            cpu.append(float(re.search(r"cpu;dur=([\d.]+)", timing)[1]))
            queries.append(int(re.search(r"db;[^,]*dur=(\d+)", timing)[1]))
        shown = class_material_on(page.text)
        median = statistics.median(latencies)
        print()
        print(
            f"Account: a student of {self.args.classes} finished classes with {self.args.resources_per_class} "
            f"resources each, {self.args.requests} fetches of /account/ one at a time, {self.args.workers} workers"
        )
        rows = [
            ("latency median / max", f"{median:.0f} / {max(latencies):.0f} ms"),
            ("server CPU ms (median)", f"{statistics.median(cpu):.1f}"),
            ("queries (min / max)", f"{min(queries)} / {max(queries)}"),
            ("class resources listed or counted", shown),
            ("under 300 ms (median)", median < ACCOUNT_BUDGET_MS),
        ]
        for label, value in rows:
            print(f"{label:<48} {value}")
        return median < ACCOUNT_BUDGET_MS and shown >= self.args.classes * self.args.resources_per_class

    # Reports

    def measure_reports(self):
        """Each report as an admin sees it, fetched one request at a time: latency (median, max) and queries."""
        visitor = Visitor(self.base)
        login = visitor.get("/admin/login/").text
        response = visitor.session.post(
            f"{self.base}/admin/login/",
            data={"username": ADMIN_EMAIL, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf_token(login)},
            timeout=60,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise SystemExit(f"the admin could not log in ({response.status_code})")
        print()
        print(
            f"Reports: {self.args.report_students:,} students, {self.args.report_registrations:,} registrations, "
            f"{self.args.report_attendance:,} check-ins; {self.args.requests} fetches of each, one at a time, "
            f"{self.args.workers} workers; the last grown session (id {self.report_session}) and its biggest class "
            f"(id {self.report_class})"
        )
        header = f"{'report':<30} {'median ms':>9} {'max ms':>7} {'CPU ms':>7} {'queries':>7}  under 1 s"
        print(header)
        print("-" * len(header))
        ok = True
        for name, path in REPORTS:
            path = path.format(session=self.report_session, offer=self.report_class, student=self.report_student)
            for _ in range(2 * self.args.workers):
                visitor.get(path)
            latencies, cpu, queries = [], [], []
            for _ in range(self.args.requests):
                started = time.monotonic()
                page = visitor.get(path)
                latencies.append((time.monotonic() - started) * 1000)
                timing = page.headers.get("Server-Timing", "")
                if match := re.search(r"cpu;dur=([\d.]+)", timing):
                    cpu.append(float(match[1]))
                if match := re.search(r"db;[^,]*dur=(\d+)", timing):
                    queries.append(int(match[1]))
            median = statistics.median(latencies)
            ok = ok and (median < REPORT_BUDGET_MS or "export=" in path)
            print(
                f"{name:<30} {median:>9.0f} {max(latencies):>7.0f} "
                f"{statistics.median(cpu) if cpu else float('nan'):>7.1f} "
                f"{f'{min(queries)}-{max(queries)}' if queries else '-':>7}  {median < REPORT_BUDGET_MS}"
            )
        print()
        print(
            "median and max: the client's latency; CPU ms and queries: the Server-Timing header (a download streams "
            "after it, so its CPU ms leaves out writing the rows)."
        )
        return ok

    # Rush

    def rush(self):
        if not self.rush_offer:
            raise SystemExit("grow_demo_school made no class for the rush")
        offer_id, offer_path = self.rush_offer
        visitors = [RushVisitor(self.base, number, offer_id, offer_path) for number in range(self.args.visitors)]
        barrier = threading.Barrier(len(visitors), timeout=600)
        self.step(f"{len(visitors)} visitors put class {offer_id} ({self.args.seats} seats) in their carts")
        threads = [threading.Thread(target=visitor.run, args=(barrier,)) for visitor in visitors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        statuses = Counter(visitor.status for visitor in visitors)
        latencies = sorted(visitor.latency for visitor in visitors if visitor.latency is not None)
        seated = [visitor for visitor in visitors if visitor.outcome == "seat"]
        told_full = [visitor for visitor in visitors if visitor.outcome == "full"]
        other = [visitor for visitor in visitors if visitor.outcome not in ("seat", "full")]
        starts = [visitor.started for visitor in visitors if visitor.started]
        ends = [visitor.finished for visitor in seated]
        span = (max(ends) - min(starts)) if ends and starts else 0
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            in_db = dict(
                connection.execute(
                    "SELECT status, count(*) FROM classes_registration WHERE class_offer_id = %s GROUP BY status",
                    [offer_id],
                ).fetchall()
            )
        confirmed = in_db.get("confirmed", 0)
        taking_seats = confirmed + in_db.get("held", 0)
        oversold = max(0, taking_seats - self.args.seats)
        server_errors = sum(count for status, count in statuses.items() if isinstance(status, int) and status >= 500)

        print()
        print(
            f"Rush: {len(visitors)} visitors, {self.args.seats} seats, {self.args.workers} gunicorn sync workers, "
            "paying at the door, all checking out at once"
        )
        rows = [
            ("HTTP statuses", ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items(), key=str))),
            ("5xx", server_errors),
            (
                "checkout latency p50/p95/max",
                " / ".join(f"{value:.0f}" for value in (percentile(latencies, 50), percentile(latencies, 95)))
                + f" / {max(latencies, default=0):.0f} ms",
            ),
            ("got a seat (to the order page)", len(seated)),
            ("told the class is full", len(told_full)),
            ("other outcome", len(other)),
            ("confirmed sign-ups per minute", f"{len(seated) / span * 60:.0f}" if span else "-"),
            ("registrations in the database", ", ".join(f"{k}: {v}" for k, v in sorted(in_db.items())) or "none"),
            ("oversold", oversold),
            ("server CPU ms, queries per winning checkout", server_cost(seated)),
            ("server CPU ms, queries per losing checkout", server_cost(told_full)),
            ("every loser's page said the class is full", len(told_full) == len(visitors) - len(seated)),
            (
                "... and offered the waitlist",
                f"{sum(visitor.offered_waitlist for visitor in told_full)} of {len(told_full)}",
            ),
        ]
        for label, value in rows:
            print(f"{label:<48} {value}")
        for visitor in other[:5]:
            print(f"  visitor {visitor.number}: {visitor.status} {visitor.error or ''}".rstrip())
        return (
            server_errors == 0
            and oversold == 0
            and confirmed == len(seated)
            and len(seated) == min(self.args.seats, len(visitors))
            and not other
        )


class LocalSession(requests.Session):
    """Production marks its cookies Secure; the bench server is plain HTTP on 127.0.0.1, so send them anyway.

    (requests copies the jar into one of its own for each request, so a cookie policy would be lost.) Redirects
    are not followed inside one call, where the copy would leave out a cookie just set."""

    def request(self, *args, **kwargs):
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(*args, **kwargs)


class Visitor:
    """One browser: its own session and cookies."""

    def __init__(self, base):
        self.base = base
        self.session = LocalSession()

    def get(self, path, **kwargs):
        response = self.session.get(f"{self.base}{path}", timeout=120, **kwargs)
        response.raise_for_status()
        return response

    def add_to_cart(self, offer_id):
        """Follow the class's Register link to its confirmation, and confirm (the class pages carry no token)."""
        confirmation = self.get(f"/register/add/?class={offer_id}").text
        response = self.session.post(
            f"{self.base}/register/add/",
            data={"class_offer": offer_id, "csrfmiddlewaretoken": csrf_token(confirmation)},
            timeout=120,
            allow_redirects=False,
        )
        return response.status_code == 302 and response.headers["Location"].endswith("/register/")


class RushVisitor(Visitor):
    def __init__(self, base, number, offer_id, offer_path):
        super().__init__(base)
        self.number, self.offer_id, self.offer_path = number, offer_id, offer_path
        self.status = self.outcome = self.latency = self.error = None
        self.started = self.finished = None
        self.offered_waitlist = False
        self.cpu_ms = self.queries = None  # what the checkout cost the server (its Server-Timing header)

    def run(self, barrier):
        try:
            self.get(self.offer_path)  # a visitor opens the class page before registering
            if not self.add_to_cart(self.offer_id):
                raise RuntimeError("the class did not go into the cart")
            form = hidden_fields(self.get("/register/").text, "checkout-form")
        except Exception as error:  # noqa: BLE001 - reported per visitor
            self.status, self.error = "prepare failed", repr(error)
            barrier.abort()
            return
        data = {
            **form,
            "first_name": "Rush",
            "last_name": f"Visitor {self.number}",
            "email": f"rush.{os.getpid()}.{self.number}@example.com",
            "dance_role": ["lead", "follow", "either"][self.number % 3],
            "method": "door",
        }
        # The confirmation is prepared before the moment, and sent over a plain socket: what is timed is the
        # server's answer, not 200 Python threads making requests. (Not connected before the moment: a sync
        # worker that accepted an idle connection would wait on it, and serve nobody else meanwhile.)
        confirm = prepared_post(self.base, "/register/", data, self.session.cookies)
        address = urllib.parse.urlsplit(self.base)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            self.status = "barrier broken"
            return
        self.started = time.monotonic()
        try:
            with socket.create_connection((address.hostname, address.port), timeout=300) as connection:
                connection.sendall(confirm)
                response = read_response(connection)
        except OSError as error:
            self.status, self.error = "no answer", repr(error)
            return
        self.finished = time.monotonic()
        self.latency = (self.finished - self.started) * 1000
        self.status, headers, text = response
        if timing := headers.get("server-timing"):
            self.cpu_ms = float(re.search(r"cpu;dur=([\d.]+)", timing)[1])
            self.queries = int(re.search(r"db;[^,]*dur=(\d+)", timing)[1])
        if self.status == 302 and "/register/order/" in headers.get("location", ""):
            self.outcome = "seat"
        elif self.status == 200 and FULL_MESSAGE.search(text):
            self.outcome = "full"
            self.offered_waitlist = WAITLIST_OFFER in text
        else:
            self.error = text[:200] if self.status != 302 else headers.get("location")


def prepared_post(base, path, data, cookies):
    """The bytes of a form's POST as a browser sends it, with the visitor's cookies, on a connection of its own."""
    body = urllib.parse.urlencode(data).encode()
    host = urllib.parse.urlsplit(base)[1]
    cookie = "; ".join(f"{cookie.name}={cookie.value}" for cookie in cookies)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nReferer: {base}{path}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def read_response(connection):
    """Status, headers (lower-cased names) and text of the answer on a connection the server closes after it."""
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), {name.lower(): value for name, value in headers.items()}, body.decode()


class FormFields(html.parser.HTMLParser):
    """The hidden inputs of one form (by id), or of every form."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, form_id is None, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        elif tag == "input" and self.inside and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields.setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self.inside = False


def hidden_fields(page, form_id=None):
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


def class_material_on(page):
    """How many class resources the account page gives the student: those it lists under the classes of the last
    few weeks, and those it counts on the lines of earlier classes ("4 videos · 1 note"); the school's
    announcements left out."""
    page = re.sub(r'<div class="material-class material-class--announcements">.*?</div>', "", page, flags=re.S)
    counts = re.findall(r'<span class="material-earlier__counts">([^<]*)</span>', page)
    return page.count('class="material-list__item') + sum(int(n) for line in counts for n in re.findall(r"\d+", line))


def csrf_token(page):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match[1]


def class_offer_id(page):
    match = re.search(r'href="/register/add/\?class=(\d+)"', page)
    return int(match[1]) if match else None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rate(results):
    return sum(result["requests"] for result in results) / sum(result["seconds"] for result in results)


def median_ms(results, key):
    return statistics.median(result[key] for result in results)


def server_cost(visitors):
    """The median CPU ms and queries the server reported for these visitors' checkouts."""
    timed = [visitor for visitor in visitors if visitor.cpu_ms is not None]
    if not timed:
        return "-"
    cpu = statistics.median(visitor.cpu_ms for visitor in timed)
    return f"{cpu:.1f} ms, {statistics.median(visitor.queries for visitor in timed):.0f} queries (median)"


def percentile(values, percent):
    if not values:
        return 0
    return values[min(len(values) - 1, round(percent / 100 * (len(values) - 1)))]


if __name__ == "__main__":
    main()
