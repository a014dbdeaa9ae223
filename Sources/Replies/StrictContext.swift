import Mustache

/// Records the variables a template asked for that its model does not have.
final class MissingVariables {
    var names: [String] = []
}

/// A model as a template sees it: its stored properties by name (through `Mirror`), values wrapped the same way.
/// The root records every name nothing on the context stack provides, so a missing variable is an error, never an
/// empty string. Nested values (list items, sections) return nil for unknown names, letting the lookup climb to
/// the root as Mustache requires.
struct StrictContext: MustacheParent, CustomStringConvertible {
    let value: Any
    let missing: MissingVariables?

    func child(named name: String) -> Any? {
        for child in Mirror(reflecting: value).children where child.label == name {
            return StrictContext.wrap(child.value)
        }
        missing?.names.append(name)
        return nil
    }

    var description: String { String(describing: value) }

    /// Strings, numbers and booleans as they are; nil as a null (renders empty, false in sections, but found);
    /// lists item by item; anything else as a nested context.
    static func wrap(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let inner = mirror.children.first?.value else { return NullValue() }
            return wrap(inner)
        }
        switch value {
        case is String, is Int, is Bool, is Double, is TicketNumber: return value
        case let list as [Any]: return list.map(wrap)
        default: return StrictContext(value: value, missing: nil)
        }
    }
}

/// A present but empty value: renders as "", and is false in a section.
struct NullValue: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}
