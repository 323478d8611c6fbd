/** An external tool page shown in the console (`/api/v1/admin/tools`), served through `/tools/<slug>/`. */
export interface ExternalToolView {
  id: string;
  name: string;
  slug: string;
  /** The page to show; the proxy serves its origin under `/tools/<slug>/`. */
  url: string;
  /** Where the console's frame opens it: `/tools/<slug>/<the url's path and query>`. */
  frameSrc: string;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/admin/tools/session`: the cookie that lets the frame through `/tools/` is set until then. */
export interface ToolSessionView {
  expiresAt: string;
}
