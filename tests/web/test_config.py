"""Configuration: safe defaults, environment overrides, a secret generated once."""

from types import SimpleNamespace

from journal import _instance_secret, create_app


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    fake_app = SimpleNamespace(instance_path=str(tmp_path))
    first = _instance_secret(fake_app)
    second = _instance_secret(fake_app)
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_journal_database_variable_chooses_the_file(tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.db"
    monkeypatch.setenv("JOURNAL_DATABASE", str(path))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["DATABASE"] == str(path)
    assert app.config["SECRET_KEY"] == "from-env"
    assert path.exists()


def test_secure_cookies_follow_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNAL_DATABASE", str(tmp_path / "j.db"))
    monkeypatch.setenv("SECRET_KEY", "x")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("JOURNAL_SECURE_COOKIES", "1")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
