/** Sign-in, sign-out, the current session, and accepting an invitation (setting a password). */
import { acceptInvitation, signIn, signOut } from "@atalaya/accounts";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { clearSessionCookie, clientAddress, sessionId, setSessionCookie } from "../../lib/auth";
import { AccountSchema, accountBody } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { ApiError, authErrorResponses, ErrorSchema } from "../../lib/errors";
import { singleLine } from "../../lib/params";

const SessionResponse = z
  .object({ data: z.object({ account: AccountSchema, csrfToken: z.string(), expiresAt: z.string() }) })
  .openapi("Session");

const Credentials = z
  .object({ email: singleLine(320).min(3), password: z.string().min(1).max(1024) })
  .strict()
  .openapi("Credentials");

const signInRoute = createRoute({
  method: "post",
  path: "/sign-in",
  tags: ["accounts"],
  summary: "Sign in with e-mail and password; sets the session cookie",
  request: { body: { content: { "application/json": { schema: Credentials } }, required: true } },
  responses: {
    ...authErrorResponses,
    200: { description: "Signed in", content: { "application/json": { schema: SessionResponse } } },
    401: {
      description: "Wrong e-mail or password",
      content: { "application/json": { schema: ErrorSchema } },
    },
    429: {
      description: "Too many failed attempts; see Retry-After",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

const sessionRoute = createRoute({
  method: "get",
  path: "/session",
  tags: ["accounts"],
  summary:
    "The signed-in account and the CSRF token to send in x-csrf-token; data is null when nobody is signed in",
  responses: {
    200: {
      description: "The session, or null",
      content: { "application/json": { schema: z.object({ data: SessionResponse.shape.data.nullable() }) } },
    },
    ...authErrorResponses,
  },
});

const signOutRoute = createRoute({
  method: "post",
  path: "/sign-out",
  tags: ["accounts"],
  summary: "End the session (server-side) and clear the cookie",
  responses: {
    200: {
      description: "Signed out",
      content: { "application/json": { schema: z.object({ data: z.object({ signedOut: z.boolean() }) }) } },
    },
    ...authErrorResponses,
  },
});

const acceptRoute = createRoute({
  method: "post",
  path: "/accept-invitation",
  tags: ["accounts"],
  summary: "Set a password with a one-time invitation token and sign in",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({ token: singleLine(200).min(20), password: z.string().max(1024) }).strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "Password set, signed in",
      content: { "application/json": { schema: SessionResponse } },
    },
    ...authErrorResponses,
  },
});

export const authRoutes = new OpenAPIHono<AppEnv>()
  .openapi(signInRoute, async (c) => {
    const { database, signInThrottle, log } = c.var.services;
    const { email, password } = c.req.valid("json");
    const keys = [`email:${email.trim().toLowerCase()}`, `ip:${clientAddress(c)}`];
    // Reserves this attempt's failure on every key, in the database all processes share.
    const wait = await signInThrottle.attempt(keys);
    if (wait > 0) {
      c.header("retry-after", String(wait));
      throw new ApiError("TOO_MANY_REQUESTS", `too many failed sign-ins; try again in ${wait} s`);
    }
    const result = await signIn(database, email, password);
    if (!result) {
      log.info("sign-in refused", { email: email.trim().toLowerCase() });
      throw new ApiError("UNAUTHORIZED", "wrong e-mail or password");
    }
    await signInThrottle.succeed(keys);
    setSessionCookie(c, result.sessionId, result.session.expiresAt);
    log.info("signed in", { user_id: result.session.account.id });
    return c.json(
      {
        data: {
          account: accountBody(result.session.account),
          csrfToken: result.session.csrfToken,
          expiresAt: result.session.expiresAt.toISOString(),
        },
      },
      200,
    );
  })
  .openapi(sessionRoute, async (c) => {
    // "Nobody is signed in" is an answer, not an error: the dashboard asks on every page.
    const session = c.var.session;
    if (!session) return c.json({ data: null }, 200);
    const account = session.account;
    return c.json(
      {
        data: {
          account: accountBody(account),
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
        },
      },
      200,
    );
  })
  .openapi(signOutRoute, async (c) => {
    const id = sessionId(c);
    if (id) await signOut(c.var.services.database, id);
    clearSessionCookie(c);
    return c.json({ data: { signedOut: id !== null } }, 200);
  })
  .openapi(acceptRoute, async (c) => {
    const { database } = c.var.services;
    const { token, password } = c.req.valid("json");
    const account = await acceptInvitation(database, token, password);
    const result = await signIn(database, account.email, password);
    if (!result) throw new ApiError("INTERNAL", "password set but sign-in failed");
    setSessionCookie(c, result.sessionId, result.session.expiresAt);
    return c.json(
      {
        data: {
          account: accountBody(result.session.account),
          csrfToken: result.session.csrfToken,
          expiresAt: result.session.expiresAt.toISOString(),
        },
      },
      200,
    );
  });
