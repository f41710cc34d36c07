import { render } from 'preact';
import { CustomerCardView } from '../../components/pages/CustomerCard';
import '../../components/pages/customer-card.css';

// Loaded in an iframe inside the post's toolbar: an extension-origin document, so the site's scripts cannot read
// the CRM data it shows. The item key comes in the URL fragment.
const key = new URLSearchParams(location.hash.slice(1)).get('key') ?? '';
const theme = new URLSearchParams(location.hash.slice(1)).get('theme') === 'dark' ? 'dark' : 'light';
document.documentElement.dataset.theme = theme;
render(<CustomerCardView itemKey={key} />, document.getElementById('app')!);
