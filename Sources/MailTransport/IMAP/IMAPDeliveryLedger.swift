/// Finds our own sent mail in the shared mailbox: every reply is Cc'd to it, so an interrupted send whose copy is in
/// the INBOX (or already filed in the processed folder) went out and must not be sent again.
public struct IMAPDeliveryLedger: DeliveryLedger {
    let mailbox: CurlIMAPMailbox
    let folders: [String?]
    let address: String?
    let hasSentFolder: Bool

    /// A ledger over `mailbox`, searching the INBOX and `processedFolder` (and a Sent folder when given).
    /// `address` is the mailbox's own address: without a Sent folder, only emails sent to it (the Cc copy) can be
    /// found; nil assumes every email is.
    public init(mailbox: CurlIMAPMailbox, processedFolder: String?, sentFolder: String? = nil, address: String? = nil) {
        self.mailbox = mailbox
        var folders: [String?] = [nil]
        if let p = processedFolder { folders.append(p) }
        if let s = sentFolder { folders.append(s) }
        self.folders = folders
        self.address = address?.lowercased()
        self.hasSentFolder = sentFolder != nil
    }

    /// Without a Sent folder, only an email Cc'd to the mailbox (not an approval request, which carries a token).
    public func canFind(recipients: [String]) -> Bool {
        guard let address, !hasSentFolder else { return true }
        return recipients.contains { $0.lowercased() == address }
    }

    public func delivered(messageID: String) async throws -> Bool {
        for folder in folders {
            if try await mailbox.containsMessage(messageID: messageID, folder: folder) { return true }
        }
        return false
    }
}
