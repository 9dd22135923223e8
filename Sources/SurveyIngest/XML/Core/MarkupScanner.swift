/// Finds element start tags in XML text fed in chunks, with their line and byte column.
struct MarkupScanner {
    private enum State {
        case text
        case open              // after `<`
        case bang              // after `<!`
        case commentOpen       // after `<!-`
        case comment(Int)      // inside a comment; count of `-` just seen
        case cdata(Int)        // inside CDATA; count of `]` just seen
        case declaration(depth: Int, quote: UInt8)  // DOCTYPE and other `<!…>`
        case instruction(Bool) // inside `<?…?>`; whether `?` was just seen
        case tag(quote: UInt8) // inside a start or end tag
    }

    private var state = State.text
    private var line = 1
    private var column = 0
    private var previousCR = false
    private var ordinal = -1
    private var tagLine = 1
    private var tagColumn = 1

    /// Scans a chunk; calls `found(ordinal, line, column)` for each start tag, and stops when it
    /// returns false.
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>, _ found: (Int, Int, Int) -> Bool) {
        for byte in chunk {
            if byte == 0x0A {
                if !previousCR { line += 1 }
                column = 0
                previousCR = false
            } else if byte == 0x0D {
                line += 1
                column = 0
                previousCR = true
            } else {
                column += 1
                previousCR = false
            }
            switch state {
            case .text:
                if byte == 0x3C {
                    state = .open
                    tagLine = line
                    tagColumn = column
                }
            case .open:
                switch byte {
                case 0x21: state = .bang
                case 0x3F: state = .instruction(false)
                case 0x2F: state = .tag(quote: 0)
                default:
                    ordinal += 1
                    if !found(ordinal, tagLine, tagColumn) { return }
                    state = byte == 0x3E ? .text : .tag(quote: 0)
                }
            case .bang:
                switch byte {
                case 0x2D: state = .commentOpen
                case 0x5B: state = .cdata(0)
                default: state = .declaration(depth: 0, quote: 0)
                }
            case .commentOpen:
                state = .comment(0)
            case .comment(let dashes):
                if byte == 0x2D {
                    state = .comment(dashes + 1)
                } else if byte == 0x3E && dashes >= 2 {
                    state = .text
                } else {
                    state = .comment(0)
                }
            case .cdata(let brackets):
                if byte == 0x5D {
                    state = .cdata(brackets + 1)
                } else if byte == 0x3E && brackets >= 2 {
                    state = .text
                } else {
                    state = .cdata(0)
                }
            case .declaration(let depth, let quote):
                if quote != 0 {
                    if byte == quote { state = .declaration(depth: depth, quote: 0) }
                } else if byte == 0x22 || byte == 0x27 {
                    state = .declaration(depth: depth, quote: byte)
                } else if byte == 0x5B {
                    state = .declaration(depth: depth + 1, quote: 0)
                } else if byte == 0x5D {
                    state = .declaration(depth: max(0, depth - 1), quote: 0)
                } else if byte == 0x3E && depth == 0 {
                    state = .text
                }
            case .instruction(let question):
                if byte == 0x3E && question {
                    state = .text
                } else {
                    state = .instruction(byte == 0x3F)
                }
            case .tag(let quote):
                if quote != 0 {
                    if byte == quote { state = .tag(quote: 0) }
                } else if byte == 0x22 || byte == 0x27 {
                    state = .tag(quote: byte)
                } else if byte == 0x3E {
                    state = .text
                }
            }
        }
    }
}
