"""What pyproject.toml cannot say: the repository's top-level content/ ships inside the package as game/data.

The content stays where authors expect it (content/ beside game/); a built wheel carries it as
package data, found at run time through importlib.resources (see game.places.content_dir).
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["game", "game.*"]), "game.data"], package_dir={"game.data": "content"})
