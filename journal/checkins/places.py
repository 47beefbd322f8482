"""The check-in form's places, in the order this patient reaches for them."""

from journal.recovery.locations import LOCATIONS, Location


def for_side(operated: str) -> list[Location]:
    """Every place, the operated side first in each left/right pair.

    A right-hip patient reaching for "Left hip" first is how the wrong hip got
    logged; with both sides operated (or no plan) the list keeps its order.
    """
    if operated not in {"left", "right"}:
        return list(LOCATIONS)
    places = list(LOCATIONS)
    for i in range(len(places) - 1):
        first, second = places[i], places[i + 1]
        if first.region == second.region and first.side and second.side == operated:
            places[i], places[i + 1] = second, first
    return places
