from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from classes.models import Level
from classes.models.levels import parse_completion_rule
from tests.factories import LevelFactory


@pytest.mark.parametrize(
    ("rule", "groups"),
    [
        ("A|C,B|D", [{"A", "C"}, {"B", "D"}]),
        ("A,B,C,D", [{"A"}, {"B"}, {"C"}, {"D"}]),
        (" a | c , b|d ", [{"A", "C"}, {"B", "D"}]),
        ("", []),
    ],
)
def test_completion_rules_are_groups_of_alternatives(rule, groups):
    assert parse_completion_rule(rule) == groups


@pytest.mark.parametrize(
    ("rule", "complaint"),
    [
        ("A|E,B", "“E” in “A|E,B” is not a version"),
        ("A,,B", "an empty version"),
        ("A|B,B|C", "Version B appears in more than one group"),
        ("NA", "“NA” in “NA” is not a version"),
    ],
)
def test_a_malformed_completion_rule_gets_a_clear_message(rule, complaint):
    with pytest.raises(ValidationError, match=complaint):
        parse_completion_rule(rule)


@pytest.mark.django_db
def test_a_level_with_a_malformed_rule_is_not_valid():
    level = Level(name="Lindy 2", code="L2", rank=Decimal(2), completion_rule="A;B")

    with pytest.raises(ValidationError) as refusal:
        level.full_clean()

    assert "completion_rule" in refusal.value.message_dict


@pytest.mark.parametrize(
    ("rule", "classes_by_version", "times"),
    [
        ("A|C,B|D", {"A": 1, "B": 1}, 1),
        ("A|C,B|D", {"A": 1, "C": 1}, 0),
        ("A|C,B|D", {"A": 1, "C": 1, "B": 1, "D": 1}, 2),
        ("A|C,B|D", {"A": 3, "D": 1}, 1),
        ("A,B,C,D", {"A": 2, "B": 2, "C": 2, "D": 1}, 1),
        ("A,B,C,D", {"A": 1, "B": 1, "C": 1}, 0),
        ("", {"A": 5}, 0),
    ],
)
def test_times_completed_counts_disjoint_completions(rule, classes_by_version, times):
    assert Level(completion_rule=rule).times_completed(classes_by_version) == times


@pytest.mark.django_db
def test_levels_are_ordered_by_rank_with_categories_last():
    workshop = LevelFactory(name="Workshop", rank=None)
    lindy_2 = LevelFactory(name="Lindy 2", rank=Decimal(2))
    beginning = LevelFactory(name="Beginning", rank=Decimal(1))

    assert list(Level.objects.all()) == [beginning, lindy_2, workshop]
    assert not workshop.in_progression
