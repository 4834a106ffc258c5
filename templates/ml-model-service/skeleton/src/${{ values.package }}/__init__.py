"""${{ values.name }}: real-time predictions from ${{ values.model }}."""

__version__ = "0.1.0"
