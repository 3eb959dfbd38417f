"""sitegen: Markdown timeline entries in, a static, multilingual timeline site out."""

__version__ = "0.1.5"
