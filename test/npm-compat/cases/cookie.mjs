import * as cookie from "cookie";

export function run() {
  return {
    parsed: cookie.parse('a=1; b=hello%20world; c="quoted"; a=2'),
    serialized: cookie.serialize("session", "abc def", {
      httpOnly: true,
      secure: true,
      sameSite: "lax",
      path: "/",
      maxAge: 3600,
      expires: new Date(Date.UTC(2030, 0, 1)),
    }),
  };
}
