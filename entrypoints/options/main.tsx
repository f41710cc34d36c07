import { render } from 'preact';
import { Options } from '../../components/pages/Options';
import '../../components/pages/ui/tokens.css';
import '../../components/pages/options.css';

render(<Options />, document.getElementById('app')!);
