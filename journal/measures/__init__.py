"""Measures beyond pain: the weekly hip-function rating (SANE) asked on Today,
and the daily answers a check-in may carry (pain medicine, sleep, walking
without a limp, sitting tolerance). Every one is optional."""
