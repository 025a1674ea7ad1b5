/** What the query editor shows on a first visit (GraphiQL keeps the user's tabs after that). */
export const DEFAULT_QUERY = `# Folio GraphQL playground
#
# Paste your API key in the bar above and press "Use key": it is sent as
# "Authorization: Bearer <key>" over HTTP and as connectionParams.authorization
# for subscriptions (graphql-ws on this same /graphql path). An Authorization
# header set in the Headers tab below takes precedence for HTTP requests.
#
# Run with Ctrl+Enter (Cmd+Enter on a Mac) or the ▶ button.
# The book icon on the left opens the schema's documentation.

query Me {
  me {
    email
    isAdmin
  }
}

# Follow a document's processing live: paste its id, uncomment, run.
#
# subscription Progress {
#   documentProgress(id: "<document id>", afterSeq: 0) {
#     seq
#     type
#     step
#     status
#     progress
#     documentStatus
#     message
#   }
# }
`;
