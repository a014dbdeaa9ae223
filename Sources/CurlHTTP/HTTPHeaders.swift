/// One header field.
public struct HTTPHeader: Sendable, Equatable {
    /// The field name, as given (names compare without regard to case).
    public var name: String
    /// The field value, without surrounding white space.
    public var value: String

    /// A header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Header fields in order, looked up without regard to case (RFC 9110 §5.1). `description` shows the names only.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The fields in order.
    public private(set) var fields: [HTTPHeader]

    /// Header fields.
    public init(_ fields: [HTTPHeader] = []) { self.fields = fields }

    /// Header fields from `name: value` pairs, in order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { HTTPHeader(name: $0.0, value: $0.1) }
    }

    /// Adds a field (an earlier one of the same name stays).
    public mutating func add(_ name: String, _ value: String) { fields.append(HTTPHeader(name: name, value: value)) }

    /// Sets a field: removes every field of that name, then adds this one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field called `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.lowercased() == name.lowercased() }
    }

    /// The first value of the field called `name`.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of the field called `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    public func makeIterator() -> IndexingIterator<[HTTPHeader]> { fields.makeIterator() }

    public var description: String { "[" + fields.map(\.name).joined(separator: ", ") + "]" }

    /// The first field that cannot be written on the wire, as a sentence; nil when all can.
    var problem: String? {
        for field in fields {
            guard !field.name.isEmpty, field.name.unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
                return "The header name \"\(field.name)\" is not an HTTP token."
            }
            if field.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                return "The value of header \(field.name) has a line break or NUL (its value is not shown)."
            }
        }
        return nil
    }

    /// RFC 9110 §5.6.2 tchar.
    static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~": return true
        default: return false
        }
    }
}
