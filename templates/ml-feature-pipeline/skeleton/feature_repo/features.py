"""For Feast's own command line (`feast -c feature_repo apply`, `feast -c feature_repo plan`):
it registers the objects found in this folder's Python files. Needs the
package importable: `pip install -e .` or PYTHONPATH=src.
"""

from ${{ values.package }}.definitions import entity, feature_view, source  # noqa: F401
