"""The benchmark's seeded journals carry the measures, and the pages that
show them keep their page weight and query budgets with months of them."""

from pathlib import Path

from journal import create_app
from tests.benchmark.report import PAGE_KB
from tests.benchmark.seed import PASSWORD, seed
from tests.conftest import AuthActions

STATIC = Path(__file__).parents[2] / "static"


def test_seeded_months_of_measures_keep_the_pages_within_their_budgets(tmp_path, clock):
    path = str(tmp_path / "bench.db")
    [(user_id, email, token)] = seed(path, 1, days=240, today=clock.now.date())
    app = create_app({"TESTING": True, "DATABASE": path, "SECRET_KEY": "t", "CLOCK": clock,
                      "COUNT_QUERIES": True})
    client = app.test_client()
    AuthActions(client).login(email=email, password=PASSWORD)
    assets = sum((STATIC / name).stat().st_size for name in ("app.css", "app.js"))

    summary = client.get("/summary?range=30")
    assert "Beyond pain" in summary.get_data(as_text=True)
    assert int(summary.headers["X-Query-Count"]) == 8
    shared = client.get(f"/s/{token}")
    assert "Beyond pain" in shared.get_data(as_text=True)
    assert int(shared.headers["X-Query-Count"]) == 10
    year = client.get("/summary?range=surgery")
    assert "Hip function (SANE" in year.get_data(as_text=True)
    assert int(year.headers["X-Query-Count"]) == 8
    for path in ("/", "/checkins/new", "/history", "/timeline"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(response.data) + assets < PAGE_KB * 1024, path
    assert "Hip function:" in client.get("/timeline").get_data(as_text=True)
    assert "medicine" in client.get("/history").get_data(as_text=True)
