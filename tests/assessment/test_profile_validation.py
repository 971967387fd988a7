"""Invalid profiles are refused with the field named."""

from __future__ import annotations

import pytest

from nightcramp.assessment import Profile, ProfileError, screen, validate_profile

CONTRACT_EXAMPLE = {
    "age": 72,
    "sex": "female",
    "pregnancy_weeks": None,
    "medications": ["hydrochlorothiazide 25 mg daily", "Lipitor 20mg"],
    "conditions": ["type 2 diabetes"],
    "symptoms": ["numbness_or_tingling"],
    "habits": {
        "fluids_glasses_per_day": 5,
        "exercise_minutes_per_week": 90,
        "sitting_hours_per_day": 8,
        "alcohol_units_per_week": 4,
    },
}


def test_contract_example_is_valid():
    profile = validate_profile(CONTRACT_EXAMPLE)
    assert isinstance(profile, Profile)
    assert profile.age == 72 and profile.symptoms == ("numbness_or_tingling",)
    assert profile.habits.sitting_hours_per_day == 8


def test_every_field_may_be_missing():
    assert validate_profile({}) == Profile()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"age": 0}, "age", "impossible"),
        ({"age": 150}, "age", "impossible"),
        ({"age": "seventy"}, "age", "whole number"),
        ({"age": True}, "age", "whole number"),
        ({"age": 72.5}, "age", "whole number"),
        ({"sex": "robot"}, "sex", "female"),
        ({"pregnancy_weeks": 0}, "pregnancy_weeks", "impossible"),
        ({"pregnancy_weeks": 43}, "pregnancy_weeks", "impossible"),
        ({"sex": "male", "pregnancy_weeks": 20}, "pregnancy_weeks", "male"),
        ({"medications": "Lipitor"}, "medications", "list"),
        ({"medications": ["Lipitor", 20]}, "medications[1]", "text"),
        ({"conditions": [None]}, "conditions[0]", "text"),
        ({"symptoms": ["numbness_or_tingling", "sore_toe"]}, "symptoms[1]", "unknown symptom"),
        ({"symptoms": "dark_urine"}, "symptoms", "list"),
        ({"habits": []}, "habits", "object"),
        ({"habits": {"sleep_hours": 7}}, "habits.sleep_hours", "unknown habit"),
        ({"habits": {"sitting_hours_per_day": 30}}, "habits.sitting_hours_per_day", "impossible"),
        ({"habits": {"fluids_glasses_per_day": -1}}, "habits.fluids_glasses_per_day", "impossible"),
        ({"habits": {"alcohol_units_per_week": "some"}}, "habits.alcohol_units_per_week", "number"),
        ({"weight": 80}, "weight", "unknown field"),
    ],
)
def test_invalid_field_is_named(change, field, words):
    with pytest.raises(ProfileError) as error:
        screen({**CONTRACT_EXAMPLE, **change})
    assert error.value.field == field
    assert str(error.value).startswith(f"{field}: ")
    assert words in str(error.value)


def test_not_an_object():
    with pytest.raises(ProfileError, match="profile: expected a JSON object, got a list"):
        validate_profile([1, 2])


def test_medicine_objects_with_start_dates_are_accepted():
    profile = validate_profile(
        {"medications": [{"name": "Lasix", "dose": "40mg", "started": "2024-03-01"}]}
    )
    assert profile.medications == ("Lasix 40mg",)
    with pytest.raises(ProfileError, match=r"medications\[0\]\.colour"):
        validate_profile({"medications": [{"name": "Lasix", "colour": "white"}]})
