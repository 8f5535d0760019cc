"""A real redis-server shared by the serving tests' hub processes."""

from collections.abc import Iterator

import pytest

from tests.protection.support import RedisServer


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis-serving"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
