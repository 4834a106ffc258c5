import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import ID, input_frame
from ${{ values.package }}.config import OUTPUT_COLUMNS, REGISTERED_MODEL
from ${{ values.package }}.errors import InputDataError
from ${{ values.package }}.score import score


def test_a_missing_model_column_names_the_columns_and_the_model(champion, tmp_path):
    path = tmp_path / "input.csv"
    input_frame().drop(columns=["plan", "tenure_days"]).to_csv(path, index=False)
    with pytest.raises(InputDataError) as caught:
        score(champion.settings(path, tmp_path / "scores.parquet"))
    message = str(caught.value)
    assert "missing column(s) 'tenure_days', 'plan'" in message
    assert f"models:/{REGISTERED_MODEL}@" in message
    # The example the model was logged with had gaps in monthly_spend.
    assert "inputs: tenure_days, monthly_spend (optional), plan" in message
    assert not (tmp_path / "scores.parquet").exists()


def test_a_missing_id_column_is_named(champion, tmp_path):
    path = tmp_path / "input.csv"
    input_frame().drop(columns=[ID]).to_csv(path, index=False)
    with pytest.raises(InputDataError, match=f"no id column '{ID}'.*--id-columns or ID_COLUMNS"):
        score(champion.settings(path, tmp_path / "scores.parquet"))


def test_an_empty_file_is_an_error(champion, tmp_path):
    path = tmp_path / "input.csv"
    path.write_text("")
    with pytest.raises(InputDataError, match="is empty, without even a header row"):
        score(champion.settings(path, tmp_path / "scores.parquet"))


def test_a_header_without_rows_is_an_error_unless_allowed(champion, tmp_path):
    path = tmp_path / "input.csv"
    input_frame().head(0).to_csv(path, index=False)
    output = tmp_path / "scores.parquet"
    with pytest.raises(InputDataError, match="no rows.*--allow-empty"):
        score(champion.settings(path, output))
    assert not output.exists()

    result = score(champion.settings(path, output, allow_empty=True))
    assert result.rows == 0
    assert pq.read_table(output).column_names == list(OUTPUT_COLUMNS)


def test_missing_integers_name_the_column_and_rows_and_keep_the_last_output(champion, tmp_path):
    path = tmp_path / "input.csv"
    frame = input_frame()
    frame["tenure_days"] = frame["tenure_days"].astype("Int64")
    frame.loc[[20, 22], "tenure_days"] = pd.NA
    frame.to_csv(path, index=False)
    output = tmp_path / "scores.csv"
    output.write_text("yesterday's scores\n")
    # Rows 21 and 23 are in the third chunk: the first two were already scored.
    with pytest.raises(InputDataError, match=r"'tenure_days' .* missing values in row\(s\) 21, 23"):
        score(champion.settings(path, output, chunk_size=10))
    assert output.read_text() == "yesterday's scores\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_text_in_a_numeric_column_names_the_column_row_and_value(champion, tmp_path):
    path = tmp_path / "input.csv"
    frame = input_frame().astype({"monthly_spend": object})
    frame.loc[4, "monthly_spend"] = "unknown"
    frame.to_csv(path, index=False)
    with pytest.raises(InputDataError, match=r"'monthly_spend' .* text such as 'unknown' in row\(s\) 5,.*number \(double\)"):
        score(champion.settings(path, tmp_path / "scores.parquet"))


def test_parquet_input_scores_the_same_in_any_chunk_size(champion, tmp_path):
    path = tmp_path / "input.parquet"
    input_frame(rows=40).to_parquet(path, index=False)
    whole = score(champion.settings(path, tmp_path / "whole.parquet", chunk_size=1000))
    chunked = score(champion.settings(path, tmp_path / "chunked.parquet", chunk_size=6))
    assert (whole.chunks, chunked.chunks) == (1, 7)
    a = pd.read_parquet(tmp_path / "whole.parquet")
    b = pd.read_parquet(tmp_path / "chunked.parquet")
    pd.testing.assert_frame_equal(a.drop(columns="scored_at"), b.drop(columns="scored_at"))
    assert np.all(a[ID] == input_frame(rows=40)[ID])


def test_a_malformed_csv_is_named(champion, tmp_path):
    path = tmp_path / "input.csv"
    text = input_frame().to_csv(index=False)
    path.write_text(text + "00099,1,2.0,pro,DE,surplus\n")
    with pytest.raises(InputDataError, match="is not well-formed CSV: .*line 27"):
        score(champion.settings(path, tmp_path / "scores.parquet"))


def test_the_formats_are_csv_and_parquet(champion, tmp_path):
    path = tmp_path / "input.json"
    path.write_text("{}")
    with pytest.raises(InputDataError, match=r"must end in \.csv or \.parquet"):
        score(champion.settings(path, tmp_path / "scores.parquet"))


def test_a_missing_input_names_the_setting(champion, tmp_path):
    with pytest.raises(InputDataError, match="does not exist.*--input / INPUT_PATH"):
        score(champion.settings(tmp_path / "nothing.csv", tmp_path / "scores.parquet"))
