"""The operated side first: in the form's list, and named for the body map."""

from html import unescape

import pytest

from journal.checkins import places


def codes(side):
    return [location.code for location in places.for_side(side)]


def test_a_right_hip_patient_sees_each_right_place_before_its_left():
    order = codes("right")
    assert order[:6] == ["hip_right", "hip_left", "groin_right", "groin_left",
                         "buttock_right", "buttock_left"]
    assert order.index("shoulder_right") < order.index("shoulder_left")
    assert order.index("lower_back") == 6 and order[-1] == "other"


@pytest.mark.parametrize("side", ["left", "both", ""])
def test_left_both_or_no_plan_keep_the_usual_order(side):
    assert codes(side)[:2] == ["hip_left", "hip_right"]
    assert sorted(codes(side)) == sorted(codes("right"))


@pytest.mark.parametrize(
    "side, first, marked, hint",
    [
        ("right", "Right hip", 'data-operated="right"', "Your operated side, your right, is outlined."),
        ("left", "Left hip", 'data-operated="left"', "Your operated side, your left, is outlined."),
        ("both", "Left hip", 'data-operated="left right"', "Both operated sides are outlined."),
    ],
)
def test_the_form_lists_the_operated_side_first_and_marks_it_for_the_map(
    auth, client, side, first, marked, hint
):
    auth.patient(side=side)
    form = unescape(client.get("/checkins/new").get_data(as_text=True))
    labels = form.split('<div class="location">')[1:]
    assert f">{first}</label>" in labels[0]
    assert marked in form and hint in form
