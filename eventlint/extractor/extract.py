"""One read-only libcst pass per file, collecting plain, picklable facts.

Reading code with libcst happens here and nowhere else (`eventlint.fixes` uses it
to write code). Everything after it works on the `ModuleFacts` it returns, which
is what makes caching, parallel extraction and the whole-project view cheap.
"""

from __future__ import annotations

import libcst as cst

from eventlint.extractor.bindings import BindingStatement, binding_facts
from eventlint.extractor.django_settings import literal_settings
from eventlint.extractor.failures import START as _START
from eventlint.extractor.failures import describe, python_syntax_error, raised_by_libcst, syntax_failure
from eventlint.extractor.flow import (
    FlowBuilder,
    annotation_names,
    base_expression,
    dotted_name,
    has_abstract_method,
    params_of,
    resolve_relative,
)
from eventlint.extractor.identifiers import Shifts, normalised_identifiers, remapped
from eventlint.extractor.parsing_stack import on_the_parsing_stack
from eventlint.extractor.positions import Positions
from eventlint.extractor.walk import Walker
from eventlint.facts.records import Binding, ClassFact, FieldFact, FunctionFact, ImportFact, ModuleFacts, ParseFailure, Reference
from eventlint.facts.source_text import CommentScan, decode, decode_failure, scan_comments
from eventlint.facts.vocabulary import Vocabulary
from eventlint.model import Span

NO_VOCABULARY = Vocabulary()


def extract(data: bytes, module: str, is_package: bool, vocabulary: Vocabulary = NO_VOCABULARY) -> ModuleFacts | ParseFailure:
    """Parse one file and collect its facts, or say why it cannot be parsed.

    `vocabulary` tells which top-level bindings mention an event or dispatch word.
    Parsing and walking run on the parsing thread (`eventlint.extractor.parsing_stack`):
    a deep tree gets the same room, and the same verdict, wherever it is read.
    """
    return on_the_parsing_stack(lambda: _extract(data, module, is_package, vocabulary))


def _extract(data: bytes, module: str, is_package: bool, vocabulary: Vocabulary) -> ModuleFacts | ParseFailure:
    try:
        text = decode(data)
    except (UnicodeDecodeError, SyntaxError, LookupError) as error:
        return decode_failure(error)
    written, (text, shifts) = text, normalised_identifiers(text)
    try:
        tree = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return syntax_failure(text, error)
    except RecursionError:
        return ParseFailure("the parser hit the recursion limit on this file", _START)
    except MemoryError:
        return ParseFailure("the parser ran out of memory on this file", _START)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # CSTLogicError, a panic of the native parser, ...
        # Syntax newer or older than libcst knows: Python's own words say what is wrong, if anything.
        return python_syntax_error(text) or ParseFailure(f"libcst cannot parse this file: {describe(error)}", _START)
    try:
        collector = _collect(tree, text, module, is_package, vocabulary, shifts)
    except RecursionError:
        return ParseFailure("the parser hit the recursion limit on this file", _START)
    except MemoryError:
        return ParseFailure("the parser ran out of memory on this file", _START)
    except Exception as error:
        if raised_by_libcst(error):  # its code generator or validation, not eventlint
            return ParseFailure(f"libcst cannot process this file: {describe(error)}", _START)
        raise
    return collector.facts(scan_comments(written))


def _collect(tree: cst.Module, text: str, module: str, is_package: bool, vocabulary: Vocabulary, shifts: Shifts) -> _Collector:
    collector = _Collector(module, is_package, Positions(tree, text), vocabulary, shifts)
    collector.walk(tree)
    return collector


class _Collector(Walker):
    def __init__(self, module: str, is_package: bool, positions: Positions, vocabulary: Vocabulary, shifts: Shifts) -> None:
        super().__init__()
        self.span = remapped(positions.span, shifts)
        self.vocabulary = vocabulary
        self.binding_statements: list[BindingStatement] = []
        self.open: BindingStatement | None = None
        self.module = module
        self.is_package = is_package
        self.imports: list[ImportFact] = []
        self.classes: list[ClassFact] = []
        self.aliases: list[tuple[str, str]] = []
        self.all_names: list[str] | None = None
        self.all_literal = True
        self.candidates: list[tuple[str, cst.CSTNode]] = []
        self.references: list[Reference] = []
        self.functions: dict[str, FunctionFact] = {}
        self.instances: list[tuple[str, str]] = []
        self.mappings: list[tuple[str, tuple[str, ...]]] = []
        self.statements: list[tuple[int, int]] = []
        self.scopes: list[str] = []  # "class:Name" / "def:name" enclosing the current node

    # -- helpers -----------------------------------------------------------
    @property
    def module_level(self) -> bool:
        return not self.scopes

    def define(self, function: FunctionFact) -> None:
        self.functions.setdefault(function.qualname, function)

    def open_binding(self, names: list[str]) -> BindingStatement | None:
        """Start collecting the words of a top-level statement binding `names`."""
        if not self.module_level or self.open is not None:
            return None
        self.open = BindingStatement(names, set(names))
        return self.open

    def close_binding(self, statement: BindingStatement | None) -> None:
        if statement is not None:
            self.binding_statements.append(statement)
            self.open = None

    def note(self, dotted: str) -> None:
        """A dotted name used inside the open binding statement."""
        if self.open is not None:
            self.open.dotted.append(dotted)

    def _bindings(self) -> tuple[Binding, ...]:
        heads = {fact.name for fact in self.imports if not fact.star}
        heads.update(name for name, _ in self.aliases)
        heads.update(name for name, _ in self.instances)
        heads.update(fact.name for fact in self.classes if "." not in fact.qualname)
        heads.update(f.name for f in self.functions.values() if "." not in f.qualname and not f.qualname.startswith("<"))
        return binding_facts(self.binding_statements, heads, self.vocabulary)

    def visit_Module(self, node: cst.Module) -> None:
        builder = FlowBuilder(self.span, self.define, "<module>")
        body = builder.block(node.body)
        self.define(FunctionFact("<module>", "<module>", None, (), (), body, Span(1, 1, 1, 1)))
        self.settings = literal_settings(self.module, node.body, self.span)

    def leave_Module(self, original_node: cst.Module) -> None:
        # Positions are computed only for names a binding of this file may
        # resolve, and only once every import of the file is known.
        self.bindings = self._bindings()
        bound = {fact.name for fact in self.imports} | {name for name, _ in self.aliases}
        star = any(fact.star for fact in self.imports)  # a star import may bind any name
        self.references = [
            Reference(dotted, self.span(node)) for dotted, node in self.candidates if star or dotted.split(".", 1)[0] in bound
        ]
        self.candidates = []

    def facts(self, comments: CommentScan) -> ModuleFacts:
        """The collected facts, with the comment scan of the same file."""
        return ModuleFacts(
            module=self.module,
            is_package=self.is_package,
            imports=tuple(self.imports),
            classes=tuple(self.classes),
            aliases=tuple(self.aliases),
            all_names=tuple(self.all_names) if self.all_names is not None and self.all_literal else None,
            references=tuple(self.references),
            noqa=comments.noqa,
            functions=tuple(self.functions.values()),
            instances=tuple(self.instances),
            mappings=tuple(self.mappings),
            statements=tuple(self.statements),
            skip_file=comments.skip_file,
            bindings=self.bindings,
            invalid_noqa=comments.invalid,
            noqa_columns=comments.columns,
            settings=self.settings,
        )

    def _header_end(self, body: cst.BaseSuite) -> int:
        """The line of a compound statement's colon, or of the end of a body on its line: where its header ends."""
        if isinstance(body, cst.IndentedBlock):
            return self.span(body.header).line
        # A body on the header's line (`class A: """...`) ends the statement: a comment goes after it.
        return self.span(body).end_line

    def record_statement(self, first: int, last: int) -> None:
        if last > first:
            self.statements.append((first, last))

    # -- imports -----------------------------------------------------------
    def bind_import(self, bound: str, target: str, imported: str) -> None:
        """An import binding `bound`: a binding of its own at top level, words of the open one inside."""
        words = {bound, *target.split(".")}
        if self.module_level:
            self.binding_statements.append(BindingStatement([bound], words, imported=(imported,), alias=True))
        elif self.open is not None:
            self.open.words.update(words)
            self.open.dotted.append(bound)

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            target = dotted_name(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.imports.append(
                    ImportFact(alias.asname.name.value, target, self.span(alias), self.module_level, module=target)
                )
                self.bind_import(alias.asname.name.value, target, target.rpartition(".")[2])
            else:
                head = target.split(".", 1)[0]
                self.imports.append(ImportFact(head, head, self.span(alias), self.module_level, module=target))
                self.bind_import(head, target, head)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        name = dotted_name(node.module) if node.module is not None else None
        level = len(node.relative)
        source = resolve_relative(self.module, self.is_package, level, name) if level else (name or "")
        if isinstance(node.names, cst.ImportStar):
            self.imports.append(ImportFact("*", source, self.span(node), self.module_level, star=True))
            return False
        for alias in node.names:
            imported = dotted_name(alias.name) or ""
            bound = imported
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound = alias.asname.name.value
            target = f"{source}.{imported}" if source else imported
            self.imports.append(ImportFact(bound, target, self.span(alias.name), self.module_level))
            self.bind_import(bound, target, imported)
        return False

    # -- statements and scopes ---------------------------------------------
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        where = self.span(node)
        self.record_statement(where.line, where.end_line)

    def _lines(self, node: cst.ClassDef | cst.FunctionDef) -> tuple[int, int]:
        """The first line of a definition (its first decorator) and the last of its body."""
        where = self.span(node)
        # The code generator ends a block after its last newline: column 1 of the next line.
        last = where.end_line - 1 if where.end_column == 1 and where.end_line > where.line else where.end_line
        return self._first_line(node), last

    def _first_line(self, node: cst.ClassDef | cst.FunctionDef) -> int:
        """Where a class or function statement starts: its first decorator, else its name."""
        return self.span(node.decorators[0]).line if node.decorators else self.span(node.name).line

    def _header(self, node: cst.If | cst.For | cst.While | cst.With) -> None:
        # `# noqa` may trail any line of a compound statement's header.
        self.record_statement(self.span(node).line, self._header_end(node.body))

    visit_If = visit_For = visit_While = visit_With = _header

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        binding = self.open_binding([node.name.value])
        bases: list[str] = []
        opaque = False
        for arg in node.bases:
            if arg.keyword is not None or arg.star:
                continue
            dotted = base_expression(arg.value)
            if dotted is None:
                opaque = True
            else:
                bases.append(dotted)
            self.walk(arg.value)
        for decorator in node.decorators:
            self.walk(decorator)
        for keyword in node.keywords:
            self.walk(keyword.value)
        self.record_statement(self._first_line(node), self._header_end(node.body))
        qualname = ".".join([scope.split(":", 1)[1] for scope in self.scopes] + [node.name.value])
        abstract = any(base.rsplit(".", 1)[-1] in ("ABC", "ABCMeta") for base in bases) or has_abstract_method(node)
        self.classes.append(
            ClassFact(
                name=node.name.value,
                qualname=qualname,
                bases=tuple(bases),
                opaque_bases=opaque,
                abstract=abstract,
                fields=tuple(self._fields(node)),
                span=self.span(node.name),
                lines=self._lines(node),
                decorators=tuple(FlowBuilder(self.span, self.define, qualname).value(d.decorator) for d in node.decorators),
            )
        )
        self.scopes.append(f"class:{node.name.value}")
        self.walk(node.body)
        self.scopes.pop()
        self.close_binding(binding)
        return False

    def _fields(self, node: cst.ClassDef) -> list[FieldFact]:
        fields: list[FieldFact] = []
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                        fields.append(
                            FieldFact(small.target.value, annotation_names(small.annotation.annotation), self.span(small.target))
                        )
            elif isinstance(statement, cst.FunctionDef) and statement.name.value == "__init__":
                for param in (*statement.params.params, *statement.params.kwonly_params):
                    if param.annotation is not None and param.name.value != "self":
                        fields.append(
                            FieldFact(
                                param.name.value,
                                annotation_names(param.annotation.annotation),
                                self.span(param.name),
                                parameter=True,
                            )
                        )
        return fields

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        binding = self.open_binding([node.name.value])
        qualname = ".".join([scope.split(":", 1)[1] for scope in self.scopes] + [node.name.value])
        in_class = bool(self.scopes) and self.scopes[-1].startswith("class:")
        builder = FlowBuilder(self.span, self.define, qualname)
        self.define(
            FunctionFact(
                qualname=qualname,
                name=node.name.value,
                class_name=".".join(scope.split(":", 1)[1] for scope in self.scopes) if in_class else None,
                params=params_of(node.params),
                decorators=tuple(builder.value(decorator.decorator) for decorator in node.decorators),
                body=builder.suite(node.body),
                span=self.span(node.name),
                lines=self._lines(node),
            )
        )
        for decorator in node.decorators:
            self.walk(decorator)
        self.walk(node.params)
        if node.returns is not None:
            self.walk(node.returns)
        self.record_statement(self._first_line(node), self._header_end(node.body))
        self.scopes.append(f"def:{node.name.value}")
        self.walk(node.body)
        self.scopes.pop()
        self.close_binding(binding)
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        if node.annotation is not None:
            self.walk(node.annotation)
        if node.default is not None:
            self.walk(node.default)
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        # A bare name being bound is not a use of what it names.
        return not isinstance(node.target, cst.Name)

    def visit_AsName(self, node: cst.AsName) -> bool:
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        self.walk(node.value)
        return False

    # -- module-level bindings ---------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        if not self.module_level or len(node.targets) != 1:
            return
        target = node.targets[0].target
        if not isinstance(target, cst.Name):
            return
        if target.value == "__all__":
            self.all_names = []
            self._extend_all(node.value)
            return
        dotted = dotted_name(node.value)
        if dotted is not None:
            self.aliases.append((target.value, dotted))
            opened = self.open_binding([target.value])
            if opened is not None:
                opened.alias = True
        elif isinstance(node.value, (cst.Call, cst.Await)):
            call = node.value.expression if isinstance(node.value, cst.Await) else node.value
            callee = dotted_name(call.func) if isinstance(call, cst.Call) else None
            if callee is not None:
                self.instances.append((target.value, callee))
                self.open_binding([target.value])

    def leave_Assign(self, original_node: cst.Assign) -> None:
        self.close_binding(self.open if self.module_level else None)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if self.module_level and isinstance(node.target, cst.Name) and node.target.value == "__all__":
            if self.all_names is None:
                self.all_names = []
            self._extend_all(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> bool:
        if self.module_level and isinstance(node.target, cst.Name) and node.value is not None:
            if node.target.value == "__all__":
                self.all_names = []
                self._extend_all(node.value)
        if not isinstance(node.target, cst.Name):
            self.walk(node.target)
        self.walk(node.annotation)
        if node.value is not None:
            self.walk(node.value)
        return False

    def _extend_all(self, value: cst.BaseExpression) -> None:
        if isinstance(value, (cst.List, cst.Tuple)):
            for element in value.elements:
                if isinstance(element.value, cst.SimpleString) and self.all_names is not None:
                    self.all_names.append(element.value.evaluated_value if isinstance(element.value.evaluated_value, str) else "")
                else:
                    self.all_literal = False
        else:
            self.all_literal = False

    def visit_Dict(self, node: cst.Dict) -> None:
        # `{EventClass: [handler, ...]}` or `{EventClass: handler}`: a handler mapping.
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = dotted_name(element.key)
            value = element.value
            items = [e.value for e in value.elements] if isinstance(value, (cst.List, cst.Tuple, cst.Set)) else [value]
            handlers = tuple(name for name in map(dotted_name, items) if name is not None)
            if key is not None and handlers:
                self.mappings.append((key, handlers))

    # -- references ----------------------------------------------------------
    def visit_Name(self, node: cst.Name) -> bool:
        self.candidates.append((node.value, node))
        self.note(node.value)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        dotted = dotted_name(node)
        if dotted is not None:
            self.candidates.append((dotted, node))
            self.note(dotted)
        else:
            if self.open is not None:
                self.open.words.add(node.attr.value)
            self.walk(node.value)
        return False
