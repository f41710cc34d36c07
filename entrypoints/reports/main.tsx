import { render } from 'preact';
import { Reports } from '../../components/pages/Reports';
import '../../components/pages/reports.css';

render(<Reports />, document.getElementById('app')!);
