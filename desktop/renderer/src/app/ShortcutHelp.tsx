/** The list of keyboard shortcuts, opened with "?". */
import { Dialog } from '../ui/Dialog';

const rows: readonly [string, string][] = [
  ['Alt+1 … Alt+9', 'Open the screens in the sidebar, in order'],
  ['/', 'Search products (on the products screen)'],
  ['n', 'New product (products), new order (purchase orders)'],
  ['Alt+R, Alt+I, Alt+A', 'Receive, issue, adjust (stock operations)'],
  ['Alt+T, Alt+C, Alt+V', 'Transfer, count, reserve (stock operations)'],
  ['Enter', 'In the product field: find the scanned or typed SKU or barcode'],
  ['Escape', 'Close a dialog'],
  ['?', 'This list'],
];

export const ShortcutHelp = ({ onClose }: { readonly onClose: () => void }) => (
  <Dialog title="Keyboard shortcuts" onClose={onClose}>
    <table className="table table-compact">
      <tbody>
        {rows.map(([keys, what]) => (
          <tr key={keys}>
            <th scope="row">
              <kbd>{keys}</kbd>
            </th>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </Dialog>
);
