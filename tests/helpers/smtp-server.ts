/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that captures what it is sent,
 * parsed with `mailparser`, and can answer the next messages with a temporary refusal (451) so
 * retries are tested against the protocol, not a mock.
 */
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  /** The envelope's recipients. */
  to: string[];
  parsed: ParsedMail;
  /** The raw message as received. */
  raw: string;
}

export interface LocalSmtpServer {
  /** `smtp://USER:PASSWORD@127.0.0.1:port`, for ATALAYA_SMTP_URL. */
  url: string;
  password: string;
  messages: CapturedMail[];
  /** Refusals to answer the next messages' data with, consumed one per message (e.g. [451, 451]). */
  refusals: number[];
  /** Refuse every message with 451 from now on (true) or accept again (false). */
  refuseAll: boolean;
  close(): Promise<void>;
}

const USER = "atalaya";
const PASSWORD = "smtp-s3cret-pw";

export async function startSmtpServer(): Promise<LocalSmtpServer> {
  const state: LocalSmtpServer = {
    url: "",
    password: PASSWORD,
    messages: [],
    refusals: [],
    refuseAll: false,
    close: async () => {},
  };
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to make; the client authenticates anyway.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error("invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const refusal = state.refuseAll ? 451 : state.refusals.shift();
        if (refusal !== undefined) {
          callback(Object.assign(new Error("try again later"), { responseCode: refusal }));
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            state.messages.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed, raw });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
