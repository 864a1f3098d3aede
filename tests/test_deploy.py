"""The deployment files hold together: what docker-compose.yml and the Dockerfile name exists.

Docker does not run in the tests: the YAML is parsed (PyYAML, which
ctranslate2 brings) and every path, command, setting and secret it names is
checked against the project.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from bot.cli import build_parser
from tests.conftest import ROOT

yaml = pytest.importorskip("yaml")

COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
INSTANCES = ("mujaz", "mujaz-2")
_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def settings_mujaz_reads() -> set[str]:
    sources = [ROOT / "summaries" / "config.py", ROOT / "bot" / "config.py"]
    text = "".join(p.read_text(encoding="utf-8") for p in sources)
    return set(re.findall(r'"((?:MUJAZ|TELEGRAM)_[A-Z0-9_]+)"', text))


def test_compose_runs_mujaz_and_postgres_15_with_a_second_instance_behind_a_profile(services):
    assert set(services) == {"postgres", *INSTANCES}
    assert services["postgres"]["image"] == "postgres:15"
    assert "profiles" not in services["mujaz"]
    assert services["mujaz-2"]["profiles"] == ["pair"]


@pytest.mark.parametrize("name", INSTANCES)
def test_compose_mujaz_waits_for_a_healthy_postgres_and_reaches_it_by_url(services, name):
    service = services[name]
    postgres = services["postgres"]["environment"]

    assert service["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    url = f"postgresql://{postgres['POSTGRES_USER']}:${{POSTGRES_PASSWORD}}@postgres/"
    assert service["environment"]["MUJAZ_DB"] == url + postgres["POSTGRES_DB"]


def test_compose_health_checks_use_pg_isready_and_mujaz_health(services):
    assert "pg_isready -U mujaz -d mujaz" in services["postgres"]["healthcheck"]["test"][1]
    for name in INSTANCES:
        test = services[name]["healthcheck"]["test"]
        assert test[0] == "CMD" and test[1:] == ["mujaz", "health"]
        assert build_parser().parse_args(test[2:]).command == "health"  # the command exists


@pytest.mark.parametrize("name", INSTANCES)
def test_compose_mounts_the_drop_zone_and_the_models_where_mujaz_looks(compose, services, name):
    service = services[name]
    env = service["environment"]
    mounts = dict(volume.split(" ")[0].split(":")[:2] for volume in service["volumes"])
    targets = {target: source for source, target in mounts.items()}

    assert targets[env["MUJAZ_SEEDS_DIR"]] == "./seeds" and (ROOT / "seeds").is_dir()
    assert targets[env["MUJAZ_DATA_DIR"]] in compose["volumes"]  # models, a named volume


def test_compose_keeps_the_database_in_a_named_volume(compose, services):
    [volume] = services["postgres"]["volumes"]
    source, target = volume.split(":")
    assert source in compose["volumes"] and target == "/var/lib/postgresql/data"


def test_compose_sets_only_settings_mujaz_reads(services):
    known = settings_mujaz_reads()
    for name in INSTANCES:
        assert set(services[name]["environment"]) <= known


def test_env_example_lists_every_secret_and_variable_compose_uses():
    used = set(_VARIABLE.findall(COMPOSE.read_text(encoding="utf-8")))
    listed = set(re.findall(r"^#? ?([A-Z0-9_]+)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.M))

    assert {"TELEGRAM_BOT_TOKEN", "POSTGRES_PASSWORD"} <= used
    assert used <= listed


def test_compose_refuses_to_start_without_the_token_or_the_password(services):
    token = services["mujaz"]["environment"]["TELEGRAM_BOT_TOKEN"]
    password = services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert token.startswith("${TELEGRAM_BOT_TOKEN:?") and password.startswith(
        "${POSTGRES_PASSWORD:?"
    )


def test_dockerfile_installs_every_package_and_file_pyproject_needs_as_a_non_root_user():
    text = DOCKERFILE.read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    copied = {
        word for line in text.splitlines() if line.startswith("COPY") for word in line.split()
    }
    packages = [p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]

    assert text.startswith("#") and "\nFROM python:3.11-slim\n" in text
    for needed in (
        "pyproject.toml",
        project["project"]["readme"],
        *project["project"]["license-files"],
    ):
        assert needed in copied and (ROOT / needed).is_file()
    for package in packages:
        assert package in copied and (ROOT / package / "__init__.py").is_file()
    assert "RUN pip install .\n" in text
    [user] = re.findall(r"^USER (\S+)$", text, re.M)
    assert user != "root" and f"useradd --create-home --uid 10001 {user}" in text
    assert text.rstrip().endswith('CMD ["mujaz", "run"]')
    assert 'CMD ["mujaz", "health"]' in text


def test_dockerignore_keeps_secrets_and_local_stores_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".venv", "var", ".git"} <= set(ignored)
