public import Mail

/// The email address the user directory holds for a person: the only address credentials may be sent to.
///
/// A distinct type so that nothing else (the requester's address, an address found in a message) can be passed to
/// `ReplyComposer.credentials(_:to:request:date:random:)` by accident. Make one only from the directory's record.
public struct AddressOnFile: Sendable, Equatable {
    /// The mailbox.
    public let address: Address

    /// The address on file for a user, read from the directory's record (not from a message).
    public init(directoryEmail: String, displayName: String = "") {
        address = Address(displayName: displayName, address: directoryEmail)
    }
}
