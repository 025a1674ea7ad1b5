import { percent } from "./format";
import type { Doc, LineItem, Selection } from "./document.view";

const money = (m: LineItem["amount"] | null | undefined) => (m ? `${m.amount.toFixed(2)}${m.currency ? ` ${m.currency}` : ""}` : "—");

/**
 * The receipt's or invoice's line items as a table, with their sum and whether
 * it adds up to the total (the total's `line_items_sum` check). Clicking a row
 * shows the item on the preview.
 */
export function LineItems(props: { doc: Pick<Doc, "lineItems" | "fields">; selection: Selection | null; onSelect(selection: Selection): void }) {
  const items = props.doc.lineItems;
  if (items.length === 0) {
    return (
      <p className="muted" data-testid="result-no-line-items">
        No line items found.
      </p>
    );
  }
  const sum = items.reduce((s, i) => s + i.amount.amount, 0);
  const check = props.doc.fields.find((f) => f.name === "total")?.checks.find((c) => c.name === "line_items_sum");
  const selected = (i: number) => props.selection !== null && "lineItem" in props.selection && props.selection.lineItem === i;
  return (
    // Four columns do not fit a phone: the table scrolls inside its box rather than widening the page.
    <div className="table-scroll">
      <table className="line-items" data-testid="result-line-items">
        <thead>
          <tr>
            <th>Description</th>
            <th className="num">Qty</th>
            <th className="num">Unit price</th>
            <th className="num">Amount</th>
            <th className="num">Confidence</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr
              key={i}
              className={`line-item${selected(i) ? " selected" : ""}`}
              onClick={() => props.onSelect({ lineItem: i })}
              aria-selected={selected(i)}
              title={item.box ? `Show it on page ${item.page}` : "This page has no geometry to show"}
              data-testid="line-item"
            >
              <td className="line-item-description" data-testid="line-item-description">
                {item.description || <span className="muted">—</span>}
              </td>
              <td className="num" data-testid="line-item-quantity">
                {item.quantity ?? "—"}
              </td>
              <td className="num">{money(item.unitPrice)}</td>
              <td className="num" data-testid="line-item-amount">
                {money(item.amount)}
              </td>
              <td className="num muted small">{percent(item.confidence)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>
              Sum of {items.length} item{items.length === 1 ? "" : "s"}
              {check && (
                <span className={`small ${check.passed ? "ok" : "muted"}`} data-testid="line-items-check" data-passed={check.passed ? "true" : "false"}>
                  {" "}
                  · {check.passed ? `adds up to ${check.expected.toFixed(2)}` : `total is ${check.expected.toFixed(2)}`}
                </span>
              )}
            </td>
            <td className="num" data-testid="line-items-sum">
              {sum.toFixed(2)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
