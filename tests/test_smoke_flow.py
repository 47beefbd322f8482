def test_patient_registers_sets_plan_and_sees_today(auth, client):
    response = auth.register()
    assert response.status_code == 303
    assert response.headers["Location"] == "/plan"
    response = auth.set_plan()
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get("/").get_data(as_text=True)
    assert "Day 7 after surgery · week 2" in page
