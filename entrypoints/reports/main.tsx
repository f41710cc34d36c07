import { render } from 'preact';
import { Reports } from '../../components/pages/Reports';
import '../../components/pages/ui/tokens.css';
import '../../components/pages/reports.css';

render(<Reports />, document.getElementById('app')!);
