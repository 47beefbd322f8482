"""A PT and a patient, each on their own client."""

import re

import pytest

from tests.conftest import AuthActions


class ClinicianActions(AuthActions):
    def register_pt(self, email="pt@example.com", name="Priya", clinic="Hill Street Physio",
                    password="correct horse battery"):
        return self.post(
            "/register/pt",
            {"email": email, "password": password, "display_name": name, "clinic": clinic,
             "timezone": "Europe/London"},
            token_from="/register/pt",
        )

    def code(self):
        """The PT's connect code as the code page shows it."""
        html = self.client.get("/pt/code").get_data(as_text=True)
        return re.search(r'id="connect-code"[^>]*>([A-Z2-9-]+)<', html).group(1)


def connect(patient, code):
    """The patient finds the PT by code and confirms."""
    found = patient.post("/share/pt", {"code": code}, token_from="/share/pt")
    assert found.status_code == 200, found.get_data(as_text=True)
    return patient.post("/share/pt/confirm", {"code": code}, token_from="/share/pt")


@pytest.fixture
def pt(app):
    actions = ClinicianActions(app.test_client())
    actions.register_pt()
    return actions


@pytest.fixture
def patient(app):
    actions = AuthActions(app.test_client())
    actions.register(email="ben@example.com", name="Ben")
    actions.set_plan()
    return actions


def user_id(db, email):
    return next(db.query("SELECT id FROM users WHERE email = ?", [email]))["id"]
