"""Revoke can be undone, briefly: a mistaken tap doesn't cost the PT their link."""

from tests.sharing.test_share import create, links, share_path


def revoke(auth, link_id):
    return auth.post(f"/share/{link_id}/revoke", token_from="/share")


def undo(auth, link_id):
    return auth.post(f"/share/{link_id}/undo-revoke", token_from="/share")


def test_undo_within_ten_minutes_turns_the_same_link_back_on(auth, client, clock, db):
    auth.patient()
    path = share_path(create(auth))
    [link] = links(db)
    assert "Undo it below" in client.get(
        revoke(auth, link["id"]).headers["Location"]).get_data(as_text=True)
    assert "Undo revoke" in client.get("/share").get_data(as_text=True)
    clock.advance(minutes=9)
    response = undo(auth, link["id"])
    assert response.status_code == 303
    after = links(db)[0]
    assert after["revoked_at"] is None and after["expires_at"] == link["expires_at"]
    assert "works again" in client.get("/share").get_data(as_text=True)
    auth.logout()
    assert client.get(path).status_code == 200


def test_after_ten_minutes_revoke_is_for_good(auth, client, clock, db):
    auth.patient()
    path = share_path(create(auth))
    [link] = links(db)
    revoke(auth, link["id"])
    clock.advance(minutes=10, seconds=1)
    assert "Undo revoke" not in client.get("/share").get_data(as_text=True)
    response = undo(auth, link["id"])
    assert response.status_code == 303
    assert "stays off" in client.get("/share").get_data(as_text=True)
    assert links(db)[0]["revoked_at"] is not None
    auth.logout()
    assert client.get(path).status_code == 410


def test_undo_of_a_link_never_revoked_changes_nothing(auth, client, db):
    auth.patient()
    create(auth)
    [link] = links(db)
    assert undo(auth, link["id"]).status_code == 303
    assert links(db)[0] == link


def test_another_patient_cannot_undo_a_revoke(app, auth, db):
    auth.patient()
    create(auth)
    [link] = links(db)
    revoke(auth, link["id"])
    auth.logout()
    auth.patient("ben@example.com")
    assert undo(auth, link["id"]).status_code == 404
    assert links(db)[0]["revoked_at"] is not None


def test_undo_needs_post_and_csrf(auth, db):
    auth.patient()
    create(auth)
    [link] = links(db)
    revoke(auth, link["id"])
    assert auth.client.get(f"/share/{link['id']}/undo-revoke").status_code == 405
    assert auth.client.post(f"/share/{link['id']}/undo-revoke").status_code == 400
    assert links(db)[0]["revoked_at"] is not None
