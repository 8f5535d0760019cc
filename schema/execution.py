"""The hub's graphql-core executor: compiled queries, leaf shortcuts and level-wise answers,
else the general way.

A query whose root fields the compiled path knows (``schema/compiled/operation.py``) is
answered from rows in one go; when that path gives up, the whole operation is executed as
below, as if it had never been tried.

``execute_fields`` answers the leaf fields that have a shortcut (``schema/shortcuts.py``)
and hands the rest to graphql-core. Objects and lists whose whole selection can be answered
level-wise (``schema/levels.py``) are completed that way; when that path gives up, the same
object or list is completed by graphql-core as if it had never been tried.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.compiled.operation import compiled_query
from schema.levels import Levels, Unanswered
from schema.shortcuts import UNANSWERED, shortcuts_of, unwrapped

Info = GraphQLResolveInfo[Any]


def _in_order(
    grouped: GroupedFieldSet, answered: dict[str, Any], rest: dict[str, Any]
) -> dict[str, Any]:
    return {
        name: answered[name] if name in answered else rest[name]
        for name in grouped
        if name in answered or name in rest
    }


async def _in_order_later(
    grouped: GroupedFieldSet, answered: dict[str, Any], rest: Awaitable[dict[str, Any]]
) -> dict[str, Any]:
    return _in_order(grouped, answered, await rest)


async def _settled(completed: Any) -> Any:
    return await completed


class ShortcutExecutor(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = Levels(self)

    @property
    def _has_middleware(self) -> bool:
        # A schema extension with a ``resolve`` hook must see every field: no shortcuts then.
        manager = self.middleware_manager
        return manager is not None and bool(manager.middlewares)

    def execute_root_grouped_field_set(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
        serially: bool,
        position_context: Any,
    ) -> Any:
        general = super().execute_root_grouped_field_set
        arguments = (root_type, root_value, grouped_field_set, serially, position_context)
        if not serially and not self._has_middleware:
            compiled = compiled_query(self, root_type, grouped_field_set)
            if compiled is not None:
                return self._or_generally(compiled.run(self), _as_is, general, arguments)
        return general(*arguments)

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        shortcuts = shortcuts_of(parent_type)
        if not shortcuts or self._has_middleware:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        answered: dict[str, Any] = {}
        general: GroupedFieldSet = {}
        context = self.context_value
        for response_name, details in grouped_field_set.items():
            shortcut = shortcuts.get(details[0].node.name.value)
            if shortcut is not None:
                value = shortcut.value(context, source_value)
                if value is not UNANSWERED:
                    answered[response_name] = value
                    continue
            general[response_name] = details
        if not general:
            return answered
        rest = super().execute_fields(parent_type, source_value, path, general, position_context)
        if not answered:
            return rest
        if self.is_awaitable(rest):
            return _in_order_later(grouped_field_set, answered, rest)
        return _in_order(grouped_field_set, answered, rest)  # type: ignore[arg-type]

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: Info,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        general = super().complete_object_value
        arguments = (return_type, field_details_list, info, path, result, position_context)
        if not self._has_middleware:
            answerable, has_nested = self.levels.plan(return_type, field_details_list)
            if answerable and has_nested:
                attempt = self.levels.answer(
                    return_type, field_details_list, [result], lambda _index: path
                )
                return self._or_generally(attempt, lambda answers: answers[0], general, arguments)
        return general(*arguments)

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: FieldDetailsList,
        info: Info,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        general = super().complete_list_value
        arguments = (return_type, field_details_list, info, path, result, position_context)
        nullable, item_type = unwrapped(return_type.of_type)
        if (
            isinstance(result, list)
            and isinstance(item_type, GraphQLObjectType)
            and (nullable or None not in result)
            and not self._has_middleware
        ):
            answerable, has_nested = self.levels.plan(item_type, field_details_list)
            positions = [index for index, item in enumerate(result) if item is not None]
            present = [result[index] for index in positions]
            if answerable and not has_nested:
                try:
                    leaves = self.levels.leaves_only(item_type, field_details_list, present)
                    return _placed(result, leaves)
                except Unanswered:
                    pass
            elif answerable:
                attempt = self.levels.answer(
                    item_type,
                    field_details_list,
                    present,
                    lambda index: path.add_key(positions[index], None),
                )
                return self._or_generally(
                    attempt, lambda answers: _placed(result, answers), general, arguments
                )
        return general(*arguments)

    async def _or_generally(
        self,
        attempt: Awaitable[Any],
        placed: Callable[[Any], Any],
        general: Callable[..., Any],
        arguments: tuple[Any, ...],
    ) -> Any:
        """The level-wise answer, or else what graphql-core's own completion gives."""
        try:
            return placed(await attempt)
        except Unanswered:
            completed = general(*arguments)
            return await completed if self.is_awaitable(completed) else completed


def _as_is(answer: Any) -> Any:
    return answer


def _placed(items: list[Any], answers: list[dict[str, Any]]) -> list[Any]:
    """The answers of the non-null items, with the null items left in their places."""
    found = iter(answers)
    return [None if item is None else next(found) for item in items]
