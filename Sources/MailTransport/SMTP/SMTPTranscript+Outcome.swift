extension SMTPTranscript {
    /// Each reply with the command it answers (nil for the greeting, and for the reply after the message's final
    /// "." which answers the content, not a command: that one is paired with the DATA command's 354 step below).
    var exchanges: [(command: SMTPCommand?, reply: SMTPReply)] {
        var result: [(command: SMTPCommand?, reply: SMTPReply)] = []
        var waiting: SMTPCommand?
        for event in events {
            switch event {
            case .command(let command):
                waiting = command
            case .reply(let reply):
                result.append((waiting, reply))
                waiting = nil
            }
        }
        return result
    }

    /// The reply to each `RCPT TO`, in the order the commands were sent (nil when the session ended before it came).
    public var recipientReplies: [(address: String, reply: SMTPReply?)] {
        var result: [(address: String, reply: SMTPReply?)] = []
        var waiting: Int?
        for event in events {
            switch event {
            case .command(let command):
                if command.verb == "RCPT" {
                    result.append((command.address ?? command.text, nil))
                    waiting = result.count - 1
                } else {
                    waiting = nil
                }
            case .reply(let reply):
                if let index = waiting { result[index].reply = reply }
                waiting = nil
            }
        }
        return result
    }

    /// The server's answer to `DATA` (354 to go on), and its answer to the message itself after the final ".".
    public var dataReplies: (toCommand: SMTPReply?, toMessage: SMTPReply?) {
        var toCommand: SMTPReply?
        var toMessage: SMTPReply?
        var state = 0   // 0: no DATA yet; 1: DATA sent; 2: 354 received; 3: done
        for event in events {
            switch (event, state) {
            case (.command(let command), _) where command.verb == "DATA":
                state = 1
            case (.reply(let reply), 1):
                toCommand = reply
                state = reply.code == 354 ? 2 : 3
            case (.reply(let reply), 2):
                toMessage = reply
                state = 3
            default:
                break
            }
        }
        return (toCommand, toMessage)
    }

    /// The final reply to `AUTH` (after any 334 challenges), nil when the client did not authenticate.
    public var authenticationReply: SMTPReply? {
        var inAuth = false
        var last: SMTPReply?
        for event in events {
            switch event {
            case .command(let command):
                if command.verb == "AUTH" { inAuth = true; last = nil } else if !command.isAuthenticationData { inAuth = false }
            case .reply(let reply):
                if inAuth && !reply.isIntermediate { last = reply; inAuth = false }
            }
        }
        return last
    }

    /// The reply to `MAIL FROM`, nil when none came.
    public var mailFromReply: SMTPReply? {
        exchanges.last { $0.command?.verb == "MAIL" }?.reply
    }

    /// The last reply the server sent, if any.
    public var lastReply: SMTPReply? {
        for event in events.reversed() { if case .reply(let reply) = event { return reply } }
        return nil
    }

    /// True when the server took the message (250 after the final ".").
    public var messageAccepted: Bool { dataReplies.toMessage?.isPositive == true }

    /// True when the server answered DATA with 354, so the message may have been taken even if the session then
    /// failed: sending it again could deliver it twice.
    public var reachedMessageContent: Bool { dataReplies.toCommand?.code == 354 }
}
