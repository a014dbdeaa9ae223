public import Foundation

/// Why the directory refused a request, and what to do about it. `message` is written for the admin reading it;
/// it never contains a password.
public struct DirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for code that decides what to do next.
    public enum Code: Hashable, Sendable {
        /// Another user has this username.
        case usernameTaken
        /// This username belonged to a deleted user and Connect does not allow it again until `until`.
        case usernameNotReusableYet(until: Date)
        /// The username breaks Connect's rules (characters, length, `@` only in an email form).
        case invalidUsername
        /// The password breaks Connect's rules (8-64 characters, upper and lower case letters and a digit).
        case invalidPassword
        /// First name, last name or email is missing or malformed.
        case invalidIdentity
        /// The phone configuration is inconsistent (a desk phone without a number, a negative ACW limit).
        case invalidPhoneConfig
        /// No routing profile has this id.
        case unknownRoutingProfile
        /// No security profile has this id, or none was given.
        case unknownSecurityProfile
        /// No agent hierarchy group has this id.
        case unknownHierarchyGroup
        /// No user has this id or username.
        case notFound
        /// The directory's storage failed (disk, database file).
        case storage
    }

    /// What went wrong.
    public let code: Code
    /// What happened and what to do, in a sentence or two.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension DirectoryError {
    /// The error for a username another user has.
    public static func usernameTaken(_ username: String) -> DirectoryError {
        DirectoryError(.usernameTaken, "The username \(username) is already taken. Look that user up (it may be the same "
            + "person, who needs a reset rather than a new account), or choose another login such as \(username)2.")
    }

    /// The error for a deleted user's username used again before `until`.
    public static func notReusableYet(_ username: String, until: Date) -> DirectoryError {
        DirectoryError(.usernameNotReusableYet(until: until), "The username \(username) belonged to a deleted user and "
            + "cannot be used again until \(until.formatted(.iso8601)). Make sure the user is logged out, wait until "
            + "then and try again.")
    }

    /// The error for an id no user has.
    public static func notFound(id: UserID) -> DirectoryError {
        DirectoryError(.notFound, "No user has the id \(id). Search by username or name to find the current id.")
    }

    /// The error for a routing profile id that does not exist.
    public static func unknownRoutingProfile(_ id: String) -> DirectoryError {
        DirectoryError(.unknownRoutingProfile, "No routing profile has the id \(id). List the routing profiles "
            + "(`helpdesk directory list`) and use one of them.")
    }

    /// The error for a security profile id that does not exist.
    public static func unknownSecurityProfile(_ id: String) -> DirectoryError {
        DirectoryError(.unknownSecurityProfile, "No security profile has the id \(id). List the security profiles and "
            + "use one of them.")
    }

    /// The error for a hierarchy group id that does not exist.
    public static func unknownHierarchyGroup(_ id: String) -> DirectoryError {
        DirectoryError(.unknownHierarchyGroup, "No agent hierarchy group has the id \(id). List the hierarchy groups and "
            + "use one of them, or leave it empty.")
    }
}
