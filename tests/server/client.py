"""A small HTTP client for server tests: keeps cookies, reads CSRF tokens, no redirects."""

import http.client
import re
import time
from urllib.parse import urlencode

TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class Patient:
    """One patient's browser: a keep-alive connection and a cookie jar."""

    def __init__(self, port, email, timeout=30):
        self.port = port
        self.email = email
        self.timeout = timeout
        self.cookies = {}
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.conn

    def request(self, method, path, fields=None):
        """Returns `(status, body, seconds)`; raises OSError if the server is gone."""
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, data, elapsed

    def token(self, path):
        status, body, _ = self.request("GET", path)
        match = TOKEN.search(body)
        if not match:
            raise AssertionError(f"no CSRF token on {path} (status {status})")
        return match.group(1)

    def register(self, surgery_date):
        token = self.token("/register")
        status, _, _ = self.request(
            "POST",
            "/register",
            {"csrf_token": token, "email": self.email, "password": "correct horse battery",
             "display_name": "Load", "timezone": "Europe/London"},
        )
        assert status == 303, status
        token = self.token("/plan")
        status, body, _ = self.request(
            "POST",
            "/plan",
            {"csrf_token": token, "procedure": "Hip arthroscopy", "side": "right",
             "surgery_date": surgery_date, "crutch_weeks": "2", "pt_weeks": "6",
             "pt_start_date": "", "timezone": "Europe/London"},
        )
        assert status == 303, (status, body[:500])
        self.checkin_token = self.token("/checkins/new")

    def post_checkin(self, note, intensity=5):
        return self.request(
            "POST",
            "/checkins",
            {"csrf_token": self.checkin_token, "location": "hip_right",
             "intensity-hip_right": str(intensity), "note": note},
        )

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
