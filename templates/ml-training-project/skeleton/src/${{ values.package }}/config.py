"""What the template filled in: the model, its catalog entities and its task.

Change these here when the model changes; catalog-info.yaml and
docs/model-card.md say the same things for the marketplace.
"""

# The registered model name in MLflow and the Model entity's name in the catalog.
MODEL_NAME = ${{ values.name | dump }}
MODEL_REF = ${{ ("model:default/" + values.name) | dump }}
OWNER_REF = ${{ values.owner | dump }}
# The catalog Dataset the model is trained on.
DATASET_REF = ${{ values.dataset | dump }}
DATASET_NAME = ${{ values.datasetName | dump }}
# One of: binary-classification, multiclass-classification, regression,
# text-classification.
TASK = ${{ values.task | dump }}
TASKS = (
    "binary-classification",
    "multiclass-classification",
    "regression",
    "text-classification",
)

# Where training looks for the dataset when --data is not given.
DEFAULT_DATA_PATH = "data/" + DATASET_NAME + ".csv"
# The column to predict; every other column is a feature.
TARGET = "label"
# For text-classification: the column holding the document.
TEXT_COLUMN = "text"

# Used when neither --tracking-uri nor MLFLOW_TRACKING_URI is set: a local
# SQLite store, with artifacts in ./mlruns next to it.
DEFAULT_TRACKING_URI = "sqlite:///mlflow.db"


def is_classification(task: str) -> bool:
    return task != "regression"


def check_task(task: str) -> str:
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")
    return task
