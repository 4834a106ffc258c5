"""Loads the model once, in the background, retrying until it succeeds.

The server answers from the first second: /health (liveness) stays OK while
the registry is slow or down, so Kubernetes does not restart the pod for it,
and /ready fails with the reason until the model is loaded, so the pod gets
no traffic before it can predict.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from .config import Settings
from .logs import redact
from .model import LoadedModel, ModelLoadError, load_model

log = logging.getLogger(__name__)

MAX_RETRY_SECONDS = 60.0


class ModelHolder:
    def __init__(self, settings: Settings, loader: Callable[[Settings], LoadedModel] = load_model):
        self.settings = settings
        self._loader = loader
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._model: LoadedModel | None = None
        self._error: str | None = None
        self._attempts = 0

    @property
    def model(self) -> LoadedModel | None:
        return self._model

    def status(self) -> dict:
        with self._lock:
            model, error, attempts = self._model, self._error, self._attempts
        if model is not None:
            state = "ready"
        else:
            state = "failed" if error else "loading"
        return {"state": state, "model": model, "error": error, "attempts": attempts}

    def not_ready_reason(self) -> str | None:
        status = self.status()
        if status["state"] == "ready":
            return None
        if status["error"]:
            return f"{status['error']} (attempt {status['attempts']}; retrying)"
        return f"loading {self.settings.model_uri}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="model-loader", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        delay = self.settings.load_retry_seconds
        while not self._stop.is_set():
            with self._lock:
                self._attempts += 1
                attempt = self._attempts
            started = time.monotonic()
            try:
                model = self._loader(self.settings)
            except Exception as error:
                reason = redact(str(error) if isinstance(error, ModelLoadError) else f"{type(error).__name__}: {error}")
                with self._lock:
                    self._error = reason
                log.warning(
                    "model not loaded",
                    extra={"model_uri": self.settings.model_uri, "attempt": attempt, "reason": reason, "retry_in_s": delay},
                )
                if self._stop.wait(delay):
                    return
                delay = min(delay * 2, max(MAX_RETRY_SECONDS, self.settings.load_retry_seconds))
                continue
            with self._lock:
                self._model, self._error = model, None
            log.info(
                "model loaded",
                extra={
                    "model_uri": model.uri,
                    "resolved_uri": model.resolved_uri,
                    "model_version": model.version,
                    "attempt": attempt,
                    "load_s": round(time.monotonic() - started, 3),
                },
            )
            return
