"""THB: identify and refer victims, comparable statistics, hidden-victim estimates, linkage."""

__version__ = "0.1.0"
