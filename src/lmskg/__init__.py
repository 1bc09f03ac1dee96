"""lmskg: turn leiomyosarcoma documents into an evidence-grounded RDF knowledge graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lmskg")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
