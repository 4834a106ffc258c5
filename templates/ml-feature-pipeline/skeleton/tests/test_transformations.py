import pandas as pd
import pytest

from ${{ values.package }}.config import (
    DATASET_REF,
    FEATURE_NAMES,
    FEATURES,
    JOIN_KEY,
    TIMESTAMP_COLUMN,
    VALUE_COLUMN,
    count_feature,
    sum_feature,
)
from ${{ values.package }}.errors import EventsError
from ${{ values.package }}.transformations import compute_features

from conftest import make_events

C7, C30, S7, S30 = count_feature(7), count_feature(30), sum_feature(7), sum_feature(30)


def features_of(table, key):
    rows = table[table[JOIN_KEY] == key].set_index(TIMESTAMP_COLUMN)
    rows.index = rows.index.strftime("%Y-%m-%dT%H:%M:%S")
    return rows[[C7, C30, S7, S30]].to_dict("index")


EVENTS = make_events(
    ("a", "2024-01-01T10:00:00Z", 10.0),
    ("b", "2024-01-03T12:00:00Z", 1000.0),
    ("a", "2024-01-05T10:00:00Z", 5.0),
    # Two events at one instant, exactly 7 days after the first.
    ("a", "2024-01-08T10:00:00Z", 1.0),
    ("a", "2024-01-08T10:00:00Z", 2.0),
    # Exactly 30 days after the last: those fall out of the 30-day window too.
    ("a", "2024-02-07T10:00:00Z", 100.0),
    # One second inside the 7-day window.
    ("c", "2024-01-01T10:00:01Z", 3.0),
    ("c", "2024-01-08T10:00:00Z", 4.0),
)


def test_counts_and_sums_over_trailing_windows_including_the_end_excluding_the_start():
    assert features_of(compute_features(EVENTS), "a") == {
        "2024-01-01T10:00:00": {C7: 1, C30: 1, S7: 10.0, S30: 10.0},
        "2024-01-05T10:00:00": {C7: 2, C30: 2, S7: 15.0, S30: 15.0},
        # The event of 2024-01-01T10:00 is exactly 7 days old: out of (t - 7d, t].
        "2024-01-08T10:00:00": {C7: 3, C30: 4, S7: 8.0, S30: 18.0},
        "2024-02-07T10:00:00": {C7: 1, C30: 1, S7: 100.0, S30: 100.0},
    }
    assert features_of(compute_features(EVENTS), "c")["2024-01-08T10:00:00"] == {C7: 2, C30: 2, S7: 7.0, S30: 7.0}


def test_entities_do_not_see_each_others_events():
    alone = compute_features(EVENTS[EVENTS[JOIN_KEY] == "a"])
    assert features_of(alone, "a") == features_of(compute_features(EVENTS), "a")
    assert features_of(compute_features(EVENTS), "b") == {
        "2024-01-03T12:00:00": {C7: 1, C30: 1, S7: 1000.0, S30: 1000.0}
    }


def test_one_row_per_entity_and_instant_with_the_declared_columns_and_dtypes():
    table = compute_features(EVENTS)
    assert list(table.columns) == [JOIN_KEY, TIMESTAMP_COLUMN, *FEATURE_NAMES]
    assert len(table) == 7
    assert not table.duplicated([JOIN_KEY, TIMESTAMP_COLUMN]).any()
    assert {f.name: str(table[f.name].dtype) for f in FEATURES} == {f.name: f.dtype for f in FEATURES}
    assert str(table[TIMESTAMP_COLUMN].dt.tz) == "UTC"


def test_the_input_order_does_not_matter():
    shuffled = EVENTS.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(compute_features(shuffled), compute_features(EVENTS))


def test_missing_values_count_as_events_but_add_nothing():
    table = compute_features(make_events(("a", "2024-01-01T00:00:00Z", 4.0), ("a", "2024-01-02T00:00:00Z", None)))
    assert features_of(table, "a")["2024-01-02T00:00:00"] == {C7: 2, C30: 2, S7: 4.0, S30: 4.0}


def test_timestamps_end_up_in_utc_and_keys_as_strings():
    events = make_events(
        (7, "2024-01-01T12:00:00+02:00", 1.0),
        # Naive timestamps are taken to be UTC.
        (7, "2024-01-01 11:00:00", 2.0),
        ("007", "2024-01-01T10:00:00Z", 5.0),
    )
    table = compute_features(events)
    assert features_of(table, "7") == {
        "2024-01-01T10:00:00": {C7: 1, C30: 1, S7: 1.0, S30: 1.0},
        "2024-01-01T11:00:00": {C7: 2, C30: 2, S7: 3.0, S30: 3.0},
    }
    assert list(features_of(table, "007")) == ["2024-01-01T10:00:00"]


def test_accepts_datetime_columns():
    events = EVENTS.assign(**{TIMESTAMP_COLUMN: pd.to_datetime(EVENTS[TIMESTAMP_COLUMN])})
    pd.testing.assert_frame_equal(compute_features(events), compute_features(EVENTS))


@pytest.mark.parametrize(
    "column, setting",
    [(JOIN_KEY, "JOIN_KEY"), (TIMESTAMP_COLUMN, "TIMESTAMP_COLUMN"), (VALUE_COLUMN, "VALUE_COLUMN")],
)
def test_a_missing_column_is_named_with_the_dataset_and_the_setting(column, setting):
    with pytest.raises(EventsError) as raised:
        compute_features(EVENTS.drop(columns=[column]))
    message = str(raised.value)
    assert f"no column {column!r} ({setting} in config.py)" in message
    assert DATASET_REF in message
    assert "event_id" in message  # the columns it does have


def test_a_timestamp_that_is_no_timestamp_is_named():
    events = make_events(("a", "2024-01-01T00:00:00Z", 1.0), ("a", "yesterday", 2.0))
    expected = f"column {TIMESTAMP_COLUMN!r} of {DATASET_REF} must hold timestamps.*'yesterday'"
    with pytest.raises(EventsError, match=expected):
        compute_features(events)


def test_a_value_that_is_no_number_is_named():
    events = make_events(("a", "2024-01-01T00:00:00Z", "12.5"), ("a", "2024-01-02T00:00:00Z", "ten"))
    with pytest.raises(EventsError, match=f"column {VALUE_COLUMN!r} of {DATASET_REF} must hold numbers, got 'ten'"):
        compute_features(events)


def test_events_without_a_key_or_a_timestamp_are_dropped_with_a_warning():
    events = make_events(
        ("a", "2024-01-01T00:00:00Z", 1.0), (None, "2024-01-01T00:00:00Z", 2.0), ("a", None, 3.0)
    )
    with pytest.warns(UserWarning, match="dropped 2 of 3 events"):
        table = compute_features(events)
    assert table[JOIN_KEY].tolist() == ["a"]
    assert table[S30].tolist() == [1.0]


def test_no_usable_events_is_an_error():
    with pytest.raises(EventsError, match="no rows"):
        compute_features(make_events())


def test_the_same_column_for_two_roles_is_an_error():
    with pytest.raises(EventsError, match="three different columns"):
        compute_features(EVENTS, value_column=JOIN_KEY)
