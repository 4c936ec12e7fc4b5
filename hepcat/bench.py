"""What `make bench` (bench/run.py) measures the site with; switched on only by the environment.

* `BENCH_BARE_VIEW=1` routes `/bench/bare/` to `bare`: a view that does nothing, behind the same middleware as
  every page, so that a page's rate can be read against what the stack costs on its own.
* `BENCH_TIMING=1` puts `server_timing` first in the middleware: each response says how much of the process's
  CPU time it took and how many database queries it made, in a `Server-Timing` header.
"""

import time

from django.db import connections
from django.http import HttpResponse


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


class QueryCounter:
    """A database execute wrapper that counts the queries run through it."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def server_timing(get_response):
    def middleware(request):
        counter = QueryCounter()
        started = time.process_time()
        with connections["default"].execute_wrapper(counter):
            response = get_response(request)
        cpu_ms = (time.process_time() - started) * 1000
        response["Server-Timing"] = f'cpu;dur={cpu_ms:.2f}, db;desc="queries";dur={counter.count}'
        return response

    return middleware
